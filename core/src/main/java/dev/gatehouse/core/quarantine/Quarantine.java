package dev.gatehouse.core.quarantine;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.core.quarantine.QuarantineEntry.Status;
import dev.gatehouse.core.store.Database;
import dev.gatehouse.core.store.DatabaseException;
import dev.gatehouse.core.store.Sha256;
import dev.gatehouse.policy.Approval;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Rejection;
import dev.gatehouse.policy.Reviews;
import dev.gatehouse.policy.Verdict;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Artifacts held until a reviewer approves or rejects them. An approval is stored as an {@link Approval}
 * bound to the artifact's bytes and to the fingerprint of the findings that were reviewed, so the policy
 * lets exactly those bytes with exactly those findings through; re-published bytes or a new finding open
 * a new entry. Thread-safe; safe to share one database between several instances.
 */
public final class Quarantine {
  /** Main findings kept on an entry for the 403 body and the review list; the analysis has them all. */
  public static final int MAX_SUMMARY_LINES = 10;
  /** The longest reviewer name accepted. */
  public static final int MAX_REVIEWER_LENGTH = 200;
  /** The longest review reason accepted. */
  public static final int MAX_REASON_LENGTH = 2000;
  /** The most entries one call of {@link #list} returns. */
  public static final int MAX_PAGE = 1000;
  /** The longest part of a package name {@link #search} looks for; no package name of any ecosystem is longer. */
  public static final int MAX_NAME_FILTER_LENGTH = 300;

  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  /** 50 random bits make a collision unlikely; a collision only costs another try. */
  private static final int ID_ATTEMPTS = 5;

  private final QuarantineTable table;
  private final Waivers waivers;
  private final Clock clock;
  private final Random random;

  public Quarantine(Database db, Clock clock) {
    this(db, clock, new SecureRandom());
  }

  /** With a given source of ids, for tests that must provoke an id collision. */
  Quarantine(Database db, Clock clock, Random random) {
    this.table = new QuarantineTable(requireNonNull(db, "db"));
    this.waivers = new Waivers(db);
    this.clock = requireNonNull(clock, "clock");
    this.random = requireNonNull(random, "random");
  }

  /**
   * Holds {@code ref} with bytes {@code sha256} for review, or returns the entry that already holds it
   * with these findings, whatever its status: a rejected artifact stays rejected, and a thousand builds
   * asking for one quarantined artifact make one entry.
   *
   * @param verdict a {@link Decision#QUARANTINE} verdict on {@code analysis}
   * @param findingsFingerprint the fingerprint of {@code analysis} an approval will be bound to
   */
  public QuarantineEntry open(PackageRef ref, String sha256, Analysis analysis, Verdict verdict,
      String findingsFingerprint) throws IOException {
    requireNonNull(ref, "ref");
    Sha256.require(sha256);
    requireNonNull(analysis, "analysis");
    requireNonNull(verdict, "verdict");
    requireNonNull(findingsFingerprint, "findingsFingerprint");
    if (!analysis.sha256().equals(sha256)) {
      throw new IllegalArgumentException("analysis of " + analysis.sha256() + " given for " + ref + " " + sha256);
    }
    if (verdict.decision() != Decision.QUARANTINE) {
      throw new IllegalArgumentException("only a quarantine verdict opens an entry; " + ref + " was " + verdict.decision());
    }
    List<String> summary = summarize(analysis);
    Instant now = clock.instant();
    for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      QuarantineEntry candidate = new QuarantineEntry(newId(), ref, sha256, findingsFingerprint, verdict.rule(),
          verdict.reasons(), summary, Status.PENDING, now, Optional.empty());
      Optional<QuarantineEntry> entry = table.insertOrFind(candidate);
      if (entry.isPresent()) {
        return entry.get();
      }
    }
    throw new DatabaseException("could not find a free quarantine id for " + ref + " in " + ID_ATTEMPTS + " tries");
  }

  /** Who lifts an entry when a later verdict allows its bytes: Gatehouse itself, not a reviewer. */
  public static final String LIFTED_BY = "gatehouse";

  /**
   * Takes the pending entries of {@code ref} with bytes {@code sha256} out of the queue because a verdict now allows
   * them ({@code why} names its rule); entries a reviewer decided are left as they are.
   *
   * @return how many entries were lifted
   */
  public int lift(PackageRef ref, String sha256, String why, Instant at) throws IOException {
    requireNonNull(ref, "ref");
    Sha256.require(sha256);
    QuarantineEntry.Review review = new QuarantineEntry.Review(LIFTED_BY, requireNonNull(why, "why"),
        requireNonNull(at, "at"));
    return table.lift(ref, sha256, review);
  }

  /** The entry with {@code id}; empty for an unknown id or anything not shaped like one. */
  public Optional<QuarantineEntry> get(String id) throws IOException {
    return QuarantineEntry.isId(id) ? table.byId(id) : Optional.empty();
  }

  /** The entry holding {@code ref} with these bytes and findings, if one was opened. */
  public Optional<QuarantineEntry> find(PackageRef ref, String sha256, String findingsFingerprint) throws IOException {
    requireNonNull(ref, "ref");
    requireNonNull(findingsFingerprint, "findingsFingerprint");
    return table.byArtifact(ref, Sha256.require(sha256), findingsFingerprint);
  }

  /** Entries with {@code status}, newest first. */
  public List<QuarantineEntry> list(Status status, int limit, long offset) throws IOException {
    requireNonNull(status, "status");
    checkPage(limit, offset);
    return table.list(Optional.of(status), limit, offset);
  }

  /** All entries, newest first. */
  public List<QuarantineEntry> list(int limit, long offset) throws IOException {
    checkPage(limit, offset);
    return table.list(Optional.empty(), limit, offset);
  }

  /**
   * Entries narrowed by status, ecosystem and a part of the package name (ignoring case), newest first; an empty
   * criterion matches every entry.
   */
  public List<QuarantineEntry> search(Optional<Status> status, Optional<Ecosystem> ecosystem,
      Optional<String> nameContains, int limit, long offset) throws IOException {
    requireNonNull(status, "status");
    requireNonNull(ecosystem, "ecosystem");
    requireNonNull(nameContains, "nameContains");
    checkPage(limit, offset);
    if (nameContains.isPresent() && nameContains.get().length() > MAX_NAME_FILTER_LENGTH) {
      throw new IllegalArgumentException("the package filter is longer than " + MAX_NAME_FILTER_LENGTH
          + " characters");
    }
    return table.search(status, ecosystem, nameContains.filter(n -> !n.isBlank()).map(String::strip), limit, offset);
  }

  /** Every entry of one package, whatever its status, oldest first: for the metadata filters. */
  public List<QuarantineEntry> ofPackage(Ecosystem ecosystem, String name) throws IOException {
    return table.ofPackage(requireNonNull(ecosystem, "ecosystem"), requireNonNull(name, "name"));
  }

  public long count(Status status) throws IOException {
    return table.count(requireNonNull(status, "status"));
  }

  /**
   * Approves a pending entry: records an {@link Approval} of its bytes and findings fingerprint by {@code
   * reviewer}, and the decision in the audit trail of decisions, in one transaction (the caller's unit of work, when
   * one is open; the caller then derives the verdict again in the same unit).
   *
   * @param expiresAt when the approval ends and the artifact is held again; must be after {@code now}
   */
  public ReviewOutcome approve(String id, String reviewer, String reason, Optional<Instant> expiresAt, Instant now)
      throws IOException {
    requireNonNull(expiresAt, "expiresAt");
    if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
      throw new IllegalArgumentException("expiresAt (" + expiresAt.get() + ") must be later than now (" + now + ")");
    }
    return review(id, ReviewAction.APPROVE, reviewer, reason, expiresAt, now);
  }

  /** Approves a pending entry for good; see {@link #approve(String, String, String, Optional, Instant)}. */
  public ReviewOutcome approve(String id, String reviewer, String reason, Instant now) throws IOException {
    return approve(id, reviewer, reason, Optional.empty(), now);
  }

  /**
   * Rejects a pending entry; its bytes stay refused ({@link #reviewsOf} reports the {@link Rejection}), and {@link
   * #open} keeps returning this entry.
   */
  public ReviewOutcome reject(String id, String reviewer, String reason, Instant now) throws IOException {
    return review(id, ReviewAction.REJECT, reviewer, reason, Optional.empty(), now);
  }

  /**
   * Withdraws the approval of an approved entry: the approval is deleted, the entry is pending again, and the
   * decision is kept in the audit trail of decisions. The caller derives the verdict again in the same unit of work.
   */
  public ReviewOutcome revoke(String id, String reviewer, String reason, Instant now) throws IOException {
    return review(id, ReviewAction.REVOKE, reviewer, reason, Optional.empty(), now);
  }

  /** Every decision reviewers made on entry {@code id}, oldest first. */
  public List<ReviewDecision> decisions(String id) throws IOException {
    return QuarantineEntry.isId(id) ? table.decisions(id) : List.of();
  }

  /**
   * The decisions reviewers made between {@code from} and {@code to} (either may be null), by {@code reviewer} when
   * not null, newest first: the audit trail of decisions.
   */
  public List<ReviewDecision> decisions(Instant from, Instant to, String reviewer, int limit) throws IOException {
    checkPage(limit, 0);
    return table.decisions(from, to, reviewer, limit);
  }

  /** The approvals of these bytes, oldest first, for {@code Policy.decide}. */
  public List<Approval> approvalsFor(String sha256) throws IOException {
    return table.approvalsFor(Sha256.require(sha256));
  }

  /** What reviewers decided that bears on {@code ref} with bytes {@code sha256}, for {@code Policy.decide}. */
  public Reviews reviewsOf(PackageRef ref, String sha256) throws IOException {
    requireNonNull(ref, "ref");
    Sha256.require(sha256);
    return new Reviews(table.approvalsFor(sha256), table.rejectionsFor(sha256),
        waivers.of(ref.ecosystem(), ref.name()));
  }

  /** The waivers of package versions. */
  public Waivers waivers() {
    return waivers;
  }

  private ReviewOutcome review(String id, ReviewAction action, String reviewer, String reason,
      Optional<Instant> expiresAt, Instant now) throws IOException {
    requireNonNull(now, "now");
    QuarantineEntry.Review review = new QuarantineEntry.Review(
        bounded("reviewer", reviewer, MAX_REVIEWER_LENGTH), bounded("reason", reason, MAX_REASON_LENGTH), now);
    if (!QuarantineEntry.isId(id)) {
      return ReviewOutcome.notFound(String.valueOf(id));
    }
    return table.decide(id, action, review, expiresAt);
  }

  private static String bounded(String what, String value, int max) {
    requireNonNull(value, what);
    String stripped = value.strip();
    if (stripped.length() > max) {
      throw new IllegalArgumentException("%s is %d characters, over %d".formatted(what, stripped.length(), max));
    }
    return stripped;
  }

  private static List<String> summarize(Analysis analysis) {
    List<String> lines = new ArrayList<>();
    for (Finding finding : analysis.findings()) { // most severe first (Analysis keeps them so)
      if (lines.size() == MAX_SUMMARY_LINES) {
        break;
      }
      String where = finding.evidence().where();
      lines.add(finding.severity().key() + ": " + finding.summary() + (where.isEmpty() ? "" : " (" + where + ")"));
    }
    return lines;
  }

  private static void checkPage(int limit, long offset) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
  }

  private String newId() {
    StringBuilder id = new StringBuilder("q-");
    synchronized (random) {
      for (int i = 0; i < 10; i++) {
        id.append(BASE32[random.nextInt(BASE32.length)]);
      }
    }
    return id.toString();
  }
}
