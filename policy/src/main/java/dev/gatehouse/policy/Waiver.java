package dev.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A reviewer's decision to serve the quarantined versions of one package within a version range, for a reason and
 * usually for a while: "the team reviewed every 4.x of this build plugin". Like an approval it is data, not a policy
 * edit, and like an approval it lifts a quarantine, never a block, and never a {@link Rejection}.
 *
 * @param id the waiver's id, which the verdict names
 * @param versions the versions it covers, in the range syntax of the package's ecosystem
 * @param expiresAt when the waiver ends; empty for a waiver without end
 */
public record Waiver(String id, Ecosystem ecosystem, String name, VersionRange versions, String reason,
    String createdBy, Instant createdAt, Optional<Instant> expiresAt) {
  public Waiver {
    requireNonNull(id, "id");
    requireNonNull(ecosystem, "ecosystem");
    requireNonNull(name, "name");
    requireNonNull(versions, "versions");
    requireNonNull(reason, "reason");
    requireNonNull(createdBy, "createdBy");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(expiresAt, "expiresAt");
    if (versions.ecosystem() != ecosystem) {
      throw new IllegalArgumentException("a waiver of a " + ecosystem.key() + " package needs a "
          + ecosystem.key() + " version range, was " + versions.ecosystem().key());
    }
  }

  /** Whether the waiver covers {@code ref} at {@code now}. */
  public boolean covers(PackageRef ref, Instant now) {
    return ref.ecosystem() == ecosystem && ref.name().equals(name) && activeAt(now) && versions.contains(ref.version());
  }

  public boolean activeAt(Instant now) {
    return expiresAt.isEmpty() || now.isBefore(expiresAt.get());
  }
}
