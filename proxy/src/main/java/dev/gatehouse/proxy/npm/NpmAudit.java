package dev.gatehouse.proxy.npm;

import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.proxy.audit.AuditEvent;
import dev.gatehouse.proxy.audit.AuditLog;
import dev.gatehouse.proxy.gate.GateResult;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpReply;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * Writes one audit event for every request under {@code /npm/}: who asked for which package, version and file,
 * the verdict a tarball got, and what was sent.
 */
final class NpmAudit {
  private final AuditLog log;
  private final Clock clock;

  NpmAudit(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /** Records a tarball request the gate decided and returns {@code reply} unchanged. */
  HttpReply gated(HttpCall call, GateResult result, HttpReply reply) {
    var ref = result.target().ref();
    String sha256 = null;
    Decision decision = null;
    String rule = null;
    if (result instanceof GateResult.Admitted admitted) {
      sha256 = admitted.artifact().sha256();
      decision = admitted.verdict().decision();
      rule = admitted.verdict().rule();
    } else if (result instanceof GateResult.Refused refused) {
      sha256 = refused.sha256().orElse(null);
      decision = refused.verdict().decision();
      rule = refused.verdict().rule();
    }
    return write(call, ref.name(), ref.version(), ref.file(), sha256, decision, rule, reply);
  }

  /**
   * Records any other request: a packument ({@code version} and {@code file} null), a tarball refused before
   * the gate, a registry endpoint ({@code name} null too).
   */
  HttpReply served(HttpCall call, NpmName name, String version, String file, HttpReply reply) {
    return write(call, name == null ? null : name.full(), version, file, null, null, null, reply);
  }

  private HttpReply write(HttpCall call, String name, String version, String file, String sha256, Decision decision,
      String rule, HttpReply reply) {
    log.record(new AuditEvent(clock.instant(), call.client(), user(call).orElse(null), Ecosystem.NPM, name, version,
        file, sha256, decision, rule, reply.status().code(), Math.max(0, reply.bodyLength()), call.requestId()));
    return reply;
  }

  /**
   * The user a client names: {@code X-Gatehouse-User} from a fronting proxy, or the user of Basic credentials
   * ({@code _auth} in {@code .npmrc}). A bearer token ({@code _authToken}) names nobody Gatehouse knows.
   */
  static Optional<String> user(HttpCall call) {
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
