package dev.gatehouse.proxy.audit;

import dev.gatehouse.proxy.http.HttpCall;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Who made a request, as the audit log names them: the {@code X-Gatehouse-User} header a fronting proxy
 * sets, else the user name of HTTP Basic credentials (what {@code mvn} sends from {@code settings.xml} and
 * {@code pip} from an index URL with user info). The password is never read further than the colon.
 */
public final class Requester {
  private Requester() {}

  public static Optional<String> user(HttpCall call) {
    Optional<String> header = call.header("X-Gatehouse-User");
    if (header.isPresent()) {
      return header;
    }
    return call.header("Authorization").filter(h -> h.regionMatches(true, 0, "Basic ", 0, 6)).flatMap(h -> {
      try {
        String decoded = new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon > 0 ? Optional.of(decoded.substring(0, colon)) : Optional.empty();
      } catch (IllegalArgumentException notBase64) {
        return Optional.empty();
      }
    });
  }
}
