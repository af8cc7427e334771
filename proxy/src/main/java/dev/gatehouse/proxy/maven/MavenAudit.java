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
import java.time.Clock;

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
    log.record(new AuditEvent(clock.instant(), call.client(), call.user().orElse(null), Ecosystem.MAVEN, name, version,
        file, sha256, decision, rule, reply.status().code(), bytes, call.requestId()));
    return reply;
  }
}
