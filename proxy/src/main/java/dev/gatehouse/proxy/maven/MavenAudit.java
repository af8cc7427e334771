package dev.gatehouse.proxy.maven;

import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import dev.gatehouse.proxy.audit.AuditEvent;
import dev.gatehouse.proxy.audit.AuditLog;
import dev.gatehouse.proxy.gate.GateResult;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpReply;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/** Writes one audit event for every request under {@code /maven2/}: who asked for what, and what they got. */
final class MavenAudit {
  private final AuditLog log;
  private final Clock clock;

  MavenAudit(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /** Records the request and returns {@code reply} unchanged. */
  HttpReply gated(HttpCall call, MavenPath path, GateResult result, HttpReply reply) {
    String sha256 = null;
    Decision decision = null;
    String rule = null;
    if (result instanceof GateResult.Admitted admitted) {
      sha256 = admitted.artifact().sha256();
      decision = admitted.verdict().decision();
      rule = admitted.verdict().rule();
    } else if (result instanceof GateResult.Refused refused) {
      Verdict verdict = refused.verdict();
      sha256 = refused.sha256().orElse(null);
      decision = verdict.decision();
      rule = verdict.rule();
    }
    return write(call, path, sha256, decision, rule, reply);
  }

  HttpReply served(HttpCall call, MavenPath path, String sha256, HttpReply reply) {
    return write(call, path, sha256, null, null, reply);
  }

  private HttpReply write(HttpCall call, MavenPath path, String sha256, Decision decision, String rule, HttpReply reply) {
    String name = null;
    String version = null;
    String file = null;
    if (path != null) {
      file = path.fileName();
      if (!path.isMetadata()) {
        PackageRef ref = MavenRoute.target(path.subject()).ref();
        name = ref.name();
        version = ref.version();
      } else {
        name = String.join(".", path.folder());
      }
    }
    long bytes = Math.max(0, reply.bodyLength());
    log.record(new AuditEvent(clock.instant(), call.client(), user(call).orElse(null), Ecosystem.MAVEN, name, version,
        file, sha256, decision, rule, reply.status().code(), bytes, call.requestId()));
    return reply;
  }

  /** The user a build tool authenticates as (Maven sends settings.xml credentials as Basic auth), if any. */
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
