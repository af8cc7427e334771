package dev.gatehouse.proxy.admin;

import dev.gatehouse.core.identity.Role;
import dev.gatehouse.proxy.http.HttpCall;
import io.netty.handler.codec.http.HttpMethod;

/**
 * The role each admin API call needs: reading is for readers; deciding on quarantine entries and waivers, and
 * dry-running a policy, for reviewers; tokens and policy reloads for admins. A call not named here needs the admin
 * role, so an endpoint added without a rule fails closed.
 */
public final class Permissions {
  private Permissions() {}

  /** The least role that may make {@code call} (a request under {@link AdminApi#PREFIX}). */
  public static Role required(HttpCall call) {
    String path = call.rawPath().length() > AdminApi.PREFIX.length()
        ? call.rawPath().substring(AdminApi.PREFIX.length()) : "";
    String[] parts = path.split("/", -1);
    String resource = parts[0];
    boolean reads = HttpMethod.GET.equals(call.method()) || HttpMethod.HEAD.equals(call.method());
    if (resource.equals("tokens")) {
      return Role.ADMIN; // a token list names every identity; creating one hands out a role
    }
    if (reads) {
      return Role.READER;
    }
    if (resource.equals("quarantine") || resource.equals("waivers")) {
      return Role.REVIEWER;
    }
    if (resource.equals("policy") && parts.length == 2 && parts[1].equals("check")) {
      return Role.REVIEWER; // a dry run changes nothing
    }
    return Role.ADMIN;
  }
}
