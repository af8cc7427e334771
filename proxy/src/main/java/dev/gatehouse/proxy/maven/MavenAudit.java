package dev.gatehouse.proxy.maven;

import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.gate.GateResult;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.registry.RequestAudit;
import java.time.Clock;

/** Writes one audit event for every request under {@code /maven2/}: who asked for what, and what they got. */
final class MavenAudit {
  private final RequestAudit audit;

  MavenAudit(AuditLog log, Clock clock) {
    this.audit = new RequestAudit(log, clock, Ecosystem.MAVEN);
  }

  /** Records the request and returns {@code reply} unchanged. */
  HttpReply gated(HttpCall call, MavenPath path, GateResult result, HttpReply reply) {
    Names names = Names.of(path);
    return audit.gated(call, names.name(), names.version(), names.file(), result, reply);
  }

  HttpReply served(HttpCall call, MavenPath path, String sha256, HttpReply reply) {
    Names names = Names.of(path);
    return audit.served(call, names.name(), names.version(), names.file(), sha256, reply);
  }

  /** What the audit log calls a Maven path: coordinates for artifacts, the group folder for metadata. */
  private record Names(String name, String version, String file) {
    static Names of(MavenPath path) {
      if (path == null) {
        return new Names(null, null, null);
      }
      if (path.isMetadata()) {
        return new Names(String.join(".", path.folder()), null, path.fileName());
      }
      PackageRef ref = MavenRegistry.target(path.subject()).ref();
      return new Names(ref.name(), ref.version(), path.fileName());
    }
  }
}
