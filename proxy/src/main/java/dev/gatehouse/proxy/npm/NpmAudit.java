package dev.gatehouse.proxy.npm;

import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.gate.GateResult;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.registry.RequestAudit;
import java.time.Clock;

/**
 * Writes one audit event for every request under {@code /npm/}: who asked for which package, version and file,
 * the verdict a tarball got, and what was sent.
 */
final class NpmAudit {
  private final RequestAudit audit;

  NpmAudit(AuditLog log, Clock clock) {
    this.audit = new RequestAudit(log, clock, Ecosystem.NPM);
  }

  /** Records a tarball request the gate decided and returns {@code reply} unchanged. */
  HttpReply gated(HttpCall call, GateResult result, HttpReply reply) {
    return audit.gated(call, result, reply);
  }

  /**
   * Records any other request: a packument ({@code version} and {@code file} null), a tarball refused before
   * the gate, a registry endpoint ({@code name} null too).
   */
  HttpReply served(HttpCall call, NpmName name, String version, String file, HttpReply reply) {
    return audit.served(call, name == null ? null : name.full(), version, file, null, reply);
  }
}
