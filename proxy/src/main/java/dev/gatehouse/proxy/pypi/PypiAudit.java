package dev.gatehouse.proxy.pypi;

import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.proxy.audit.AuditEvent;
import dev.gatehouse.proxy.audit.AuditLog;
import dev.gatehouse.proxy.gate.GateResult;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpReply;
import java.time.Clock;

/** Writes one audit event for every request under {@code /pypi/}: who asked for what, and what they got. */
final class PypiAudit {
  private final AuditLog log;
  private final Clock clock;

  PypiAudit(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /** Records an artifact request the gate decided, and returns {@code reply} unchanged. */
  HttpReply gated(HttpCall call, GateResult result, HttpReply reply) {
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
    PackageRef ref = result.target().ref();
    return write(call, ref.name(), ref.version(), ref.file(), sha256, decision, rule, reply);
  }

  /** Records a request served without the gate (index pages, core metadata, errors); any part may be null. */
  HttpReply served(HttpCall call, String project, String version, String file, String sha256, HttpReply reply) {
    return write(call, project, version, file, sha256, null, null, reply);
  }

  private HttpReply write(HttpCall call, String name, String version, String file, String sha256,
      Decision decision, String rule, HttpReply reply) {
    long bytes = Math.max(0, reply.bodyLength());
    log.record(new AuditEvent(clock.instant(), call.client(), call.user().orElse(null), Ecosystem.PYPI,
        name, version, file, sha256, decision, rule, reply.status().code(), bytes, call.requestId()));
    return reply;
  }
}
