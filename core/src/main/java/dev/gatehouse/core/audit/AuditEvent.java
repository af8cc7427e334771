package dev.gatehouse.core.audit;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.Sha256;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import java.time.Instant;

/**
 * One request Gatehouse answered, as the audit log keeps it: who asked for what, what Gatehouse decided,
 * and what it sent. Fields that a request may not have are {@code null}: {@code user} for anonymous
 * clients; {@code name}, {@code version} and {@code file} when the path named less (metadata) or could
 * not be read; {@code sha256}, {@code decision} and {@code rule} for metadata and for errors before a
 * verdict.
 *
 * @param time when the response was sent
 * @param clientAddress the client's IP address as the server saw it
 * @param status the HTTP status sent
 * @param bytesSent body bytes sent
 * @param requestId the id the server logged and sent with errors, to join the audit log with the logs
 */
public record AuditEvent(
    Instant time,
    String clientAddress,
    String user,
    Ecosystem ecosystem,
    String name,
    String version,
    String file,
    String sha256,
    Decision decision,
    String rule,
    int status,
    long bytesSent,
    String requestId) {

  public AuditEvent {
    requireNonNull(time, "time");
    requireNonNull(clientAddress, "clientAddress");
    requireNonNull(ecosystem, "ecosystem");
    requireNonNull(requestId, "requestId");
    if (sha256 != null) {
      Sha256.require(sha256);
    }
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    if (bytesSent < 0) {
      throw new IllegalArgumentException("bytes sent must not be negative, was " + bytesSent);
    }
  }
}
