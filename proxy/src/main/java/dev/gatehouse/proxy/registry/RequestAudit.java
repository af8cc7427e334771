package dev.gatehouse.proxy.registry;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.gate.GateResult;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpReply;
import java.time.Clock;
import java.util.Optional;

/**
 * Writes the audit event of one request of one ecosystem: who asked for what, the verdict the artifact got,
 * and what was sent. Every ecosystem's routes record through one of these, so the audit log reads the same
 * for Maven, npm and PyPI. Thread-safe; {@link AuditLog#record} is cheap for the caller.
 */
public final class RequestAudit {
  private final AuditLog log;
  private final Clock clock;
  private final Ecosystem ecosystem;

  public RequestAudit(AuditLog log, Clock clock, Ecosystem ecosystem) {
    this.log = requireNonNull(log, "log");
    this.clock = requireNonNull(clock, "clock");
    this.ecosystem = requireNonNull(ecosystem, "ecosystem");
  }

  /** Records an artifact request the gate decided, named as the gate's target, and returns {@code reply}. */
  public HttpReply gated(HttpCall call, GateResult result, HttpReply reply) {
    PackageRef ref = result.target().ref();
    return gated(call, ref.name(), ref.version(), ref.file(), result, reply);
  }

  /** Records an artifact request the gate decided (or none, when {@code result} is null) under the given names. */
  public HttpReply gated(HttpCall call, String name, String version, String file, GateResult result, HttpReply reply) {
    String sha256 = null;
    Optional<Verdict> verdict = Optional.empty();
    if (result instanceof GateResult.Admitted admitted) {
      sha256 = admitted.artifact().sha256();
      verdict = Optional.of(admitted.verdict());
    } else if (result instanceof GateResult.Refused refused) {
      sha256 = refused.sha256().orElse(null);
      verdict = Optional.of(refused.verdict());
    }
    Decision decision = verdict.map(Verdict::decision).orElse(null);
    String rule = verdict.map(Verdict::rule).orElse(null);
    return record(call, name, version, file, sha256, decision, rule, reply);
  }

  /** Records a request served without the gate (metadata, checksums, errors); any name may be null. */
  public HttpReply served(HttpCall call, String name, String version, String file, String sha256, HttpReply reply) {
    return record(call, name, version, file, sha256, null, null, reply);
  }

  private HttpReply record(HttpCall call, String name, String version, String file, String sha256,
      Decision decision, String rule, HttpReply reply) {
    log.record(new AuditEvent(clock.instant(), call.client(), call.user().orElse(null), ecosystem, name, version,
        file, sha256, decision, rule, reply.status().code(), Math.max(0, reply.bodyLength()), call.requestId()));
    return reply;
  }
}
