package dev.gatehouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.identity.Identity;
import dev.gatehouse.core.identity.Role;
import dev.gatehouse.core.identity.StoredToken;
import dev.gatehouse.core.identity.Tokens;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code /api/v1/whoami} and {@code /api/v1/tokens}: who the caller is, and the named tokens (create, list,
 * revoke). A new token is in the answer to its creation and nowhere else. Runs on the blocking executor, behind
 * {@link dev.gatehouse.proxy.access.Access}, which has checked the role {@link Permissions} names.
 */
final class TokenApi {
  private final Tokens tokens;
  private final AdminJson json;
  private final ObjectMapper mapper = new ObjectMapper();

  TokenApi(Tokens tokens, AdminJson json) {
    this.tokens = requireNonNull(tokens, "tokens");
    this.json = requireNonNull(json, "json");
  }

  /** Whether this answers {@code parts} (the path below {@code /api/v1/}, split at {@code /}). */
  static boolean serves(String[] parts) {
    return parts[0].equals("tokens") || (parts.length == 1 && parts[0].equals("whoami"));
  }

  HttpReply route(HttpCall call, String[] parts) throws IOException {
    Identity caller = call.caller().orElseThrow(() -> new IllegalStateException("the admin API runs behind Access"));
    if (parts[0].equals("whoami")) {
      if (!HttpMethod.GET.equals(call.method())) {
        return HttpProblem.methodNotAllowed(call.method().name(), "GET");
      }
      ObjectNode node = mapper.createObjectNode();
      node.put("name", caller.name());
      node.put("role", caller.role().key());
      return json.reply(HttpResponseStatus.OK, node);
    }
    if (parts.length == 1) {
      if (HttpMethod.GET.equals(call.method())) {
        return list();
      }
      if (HttpMethod.POST.equals(call.method())) {
        return create(call);
      }
      return HttpProblem.methodNotAllowed(call.method().name(), "GET, POST");
    }
    if (parts.length == 2 && !parts[1].isEmpty()) {
      if (!HttpMethod.DELETE.equals(call.method())) {
        return HttpProblem.methodNotAllowed(call.method().name(), "DELETE");
      }
      return revoke(parts[1]);
    }
    return HttpProblem.notFound("no admin resource at " + HttpProblem.printable(call.rawPath())
        + "; see /api/v1/tokens and /api/v1/tokens/{name}");
  }

  private HttpReply create(HttpCall call) throws IOException {
    JsonNode body;
    try {
      body = mapper.readTree(call.body());
    } catch (IOException malformed) {
      body = null;
    }
    JsonNode name = body == null ? null : body.get("name");
    JsonNode role = body == null ? null : body.get("role");
    if (name == null || !name.isTextual() || role == null || !role.isTextual()) {
      return HttpProblem.badRequest("send a JSON body with a name and a role, such as "
          + "{\"name\": \"ci-builds\", \"role\": \"reader\"}");
    }
    Optional<Role> parsed = Role.fromKey(role.asText());
    if (parsed.isEmpty()) {
      return HttpProblem.badRequest("role must be reader, reviewer or admin, was \""
          + HttpProblem.printable(role.asText()) + "\"");
    }
    Optional<Tokens.Issued> issued = tokens.issue(Tokens.requireName(name.asText()), parsed.get());
    if (issued.isEmpty()) {
      return HttpProblem.of(HttpResponseStatus.CONFLICT, "a token named " + name.asText() + " exists (or existed: "
          + "a revoked token keeps its name, so that audit rows keep naming one holder); choose another name");
    }
    ObjectNode node = mapper.createObjectNode();
    StoredToken stored = issued.get().stored();
    node.put("name", stored.name());
    node.put("role", stored.role().key());
    node.put("token", issued.get().token());
    node.put("createdAt", stored.createdAt().toString());
    return json.reply(HttpResponseStatus.CREATED, node);
  }

  private HttpReply list() throws IOException {
    ObjectNode node = mapper.createObjectNode();
    ArrayNode list = node.putArray("tokens");
    for (StoredToken t : tokens.list()) {
      ObjectNode item = list.addObject();
      item.put("name", t.name());
      item.put("role", t.role().key());
      item.put("createdAt", t.createdAt().toString());
      item.put("lastUsedAt", t.lastUsedAt().map(Instant::toString).orElse(null));
      item.put("revokedAt", t.revokedAt().map(Instant::toString).orElse(null));
    }
    return json.reply(HttpResponseStatus.OK, node);
  }

  private HttpReply revoke(String name) throws IOException {
    Optional<StoredToken> revoked = tokens.revoke(name);
    if (revoked.isEmpty()) {
      return HttpProblem.notFound("no token is named " + HttpProblem.printable(name));
    }
    ObjectNode node = mapper.createObjectNode();
    node.put("name", revoked.get().name());
    node.put("revokedAt", revoked.get().revokedAt().map(Instant::toString).orElse(null));
    return json.reply(HttpResponseStatus.OK, node);
  }
}
