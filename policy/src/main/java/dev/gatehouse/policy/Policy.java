package dev.gatehouse.policy;

import dev.gatehouse.analyzer.Analysis;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Gatehouse's policy: a pure, deterministic function from a package, its analysis, its facts and its
 * approvals to a {@link Verdict}. It reads no clock (callers pass {@code now}), no file after loading,
 * and no network. Immutable and thread-safe.
 */
public final class Policy {
  private Policy() {}

  /** The embedded default policy. */
  public static Policy defaults() {
    throw new UnsupportedOperationException("being built");
  }

  /** Loads a policy file; {@code PolicyException} names the file and the key that is wrong. */
  public static Policy load(Path file) {
    throw new UnsupportedOperationException("being built");
  }

  /** Decides what to do with {@code ref} given everything known about it. */
  public Verdict decide(PackageRef ref, Analysis analysis, PackageFacts facts, List<Approval> approvals, Instant now) {
    throw new UnsupportedOperationException("being built");
  }

  /**
   * The verdict that needs no download: the deny list, and the cooldown when {@code facts} says when the
   * version was published. Empty when the artifact must be analyzed to decide.
   */
  public Optional<Verdict> beforeDownload(PackageRef ref, PackageFacts facts, Instant now) {
    throw new UnsupportedOperationException("being built");
  }

  /** A digest of this policy's content; stored with verdicts so that a changed policy re-derives them. */
  public String version() {
    throw new UnsupportedOperationException("being built");
  }

  /** The fingerprint of an analysis's findings that an {@link Approval} is bound to. */
  public static String fingerprint(Analysis analysis) {
    throw new UnsupportedOperationException("being built");
  }
}
