package dev.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.Finding;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Gatehouse's policy: a pure, deterministic function from a package, its analysis, its facts and its
 * approvals to a {@link Verdict}. It reads no clock (callers pass {@code now}), no file after loading,
 * and no network; the same inputs always give an equal verdict, reasons and their order included.
 * Immutable and thread-safe.
 *
 * <p>A policy is the embedded default ({@link #defaults()}) or a file laid over it ({@link #load}): the
 * format and every default rule are described in {@code docs/policy.md}. A verdict is decided in this
 * order:
 * <ol>
 *   <li>a package on the deny list is blocked (rule {@value #DENY_RULE});
 *   <li>bytes a reviewer rejected ({@link Rejection}) are blocked (rule {@value #REJECTED_RULE}), whatever follows;
 *   <li>every finding of the analysis and of {@link PackageFacts#metadataFindings()} is matched against
 *       every {@link Rule}; a version younger than the cooldown is held by rule {@value #COOLDOWN_RULE},
 *       placed after all rules; the most restrictive decision wins and ties go to the first rule;
 *   <li>rules marked {@code trusted-exempt} do not hold packages on the trusted list; when nothing else
 *       holds such a package it is allowed by rule {@value #TRUSTED_RULE};
 *   <li>nor do they hold an npm install script that {@link PackageFacts#establishedHooks()} says the
 *       version's recent releases all ran word for word; when nothing else holds the package it is
 *       allowed by rule {@value #ESTABLISHED_RULE};
 *   <li>a quarantine (never a block) is lifted by an {@link Approval} bound to the analysis's SHA-256 and
 *       {@link #fingerprint(Analysis)} that has not expired: rule {@value #APPROVED_RULE};
 *   <li>else by a {@link Waiver} of the package whose range holds the version and that has not expired: rule
 *       {@value #WAIVED_RULE};
 *   <li>otherwise the artifact is allowed by rule {@value #ALLOW_RULE}.
 * </ol>
 */
public final class Policy {
  /** The verdict rule of a package on the deny list. */
  public static final String DENY_RULE = "deny";
  /** The verdict rule of a version younger than the cooldown's minimum age. */
  public static final String COOLDOWN_RULE = "cooldown";
  /** The verdict rule of bytes a reviewer rejected. */
  public static final String REJECTED_RULE = "rejected";
  /** The verdict rule of a quarantine lifted by a waiver of the package's versions. */
  public static final String WAIVED_RULE = "waived";
  /** The verdict rule of a quarantine lifted by a reviewer's approval. */
  public static final String APPROVED_RULE = "approved";
  /** The verdict rule of a package allowed because it is trusted to run hooks. */
  public static final String TRUSTED_RULE = "trusted";
  /** The verdict rule of an artifact that no rule holds. */
  public static final String ALLOW_RULE = "no-blocking-findings";
  /**
   * The rule an artifact is allowed by when only rules that trust may lift held it, and only on install
   * scripts its recent releases all had ({@link PackageFacts#establishedHooks()}).
   */
  public static final String ESTABLISHED_RULE = "established-behaviour";

  // Orders the findings judged together (the analysis's and the metadata's) as Analysis orders its own,
  // so that the order callers list metadata findings in never changes a verdict.
  private static final Comparator<Finding> FINDING_ORDER =
      Comparator.comparing(Finding::severity).reversed()
          .thenComparing(Finding::fingerprint)
          .thenComparing(Finding::summary);

  private final List<Rule> rules;
  private final Trust trust;
  private final List<DenyEntry> deny;
  private final Cooldown cooldown;
  private final List<String> canonicalForm;
  private final String version;

  Policy(List<Rule> rules, Trust trust, List<DenyEntry> deny, Cooldown cooldown) {
    this.rules = List.copyOf(rules);
    this.trust = requireNonNull(trust, "trust");
    // Which entry of several matching ones names the denial should not depend on file order.
    this.deny = deny.stream().sorted(Comparator.comparing(DenyEntry::canonical)).distinct().toList();
    this.cooldown = requireNonNull(cooldown, "cooldown");
    List<String> lines = new ArrayList<>();
    lines.add("gatehouse-policy 1");
    this.rules.forEach(r -> lines.add(r.canonical()));
    lines.addAll(trust.canonical());
    this.deny.forEach(d -> lines.add(d.canonical()));
    lines.addAll(cooldown.canonical());
    this.canonicalForm = List.copyOf(lines);
    this.version = Canonical.digest(canonicalForm);
  }

  /** The embedded default policy ({@code default-policy.yml}, described in {@code docs/policy.md}). */
  public static Policy defaults() {
    return PolicySource.embedded();
  }

  /**
   * Loads a policy file. Unless it says {@code extends: none}, the file is laid over the defaults: its
   * trusted names, deny entries and cooldown exceptions are added to the default ones, its {@code
   * cooldown.minimum-age} replaces the default, a rule named like a default rule replaces that rule in
   * place ({@code enabled: false} drops it), and other rules follow the default rules.
   *
   * @throws PolicyException naming the file, the key and what is wrong, when the file cannot be read,
   *     is over 1 MiB, is not UTF-8 YAML or breaks the format
   */
  public static Policy load(Path file) {
    return PolicySource.load(requireNonNull(file, "file"));
  }

  /**
   * Reads policy text as {@link #load} reads a file, for a policy that arrives by other means (an admin
   * upload to validate); {@code source} names it in errors.
   */
  public static Policy parse(String source, String text) {
    return PolicySource.parse(requireNonNull(source, "source"), requireNonNull(text, "text"));
  }

  /**
   * Decides what to do with {@code ref} given everything known about it, with approvals as the only reviews.
   *
   * @param approvals reviewers' approvals of this artifact; only one bound to {@code analysis}'s SHA-256
   *     and {@link #fingerprint(Analysis)} counts, and it lifts a quarantine only
   * @param now the moment the cooldown and expiries are measured at
   */
  public Verdict decide(PackageRef ref, Analysis analysis, PackageFacts facts, List<Approval> approvals, Instant now) {
    return decide(ref, analysis, facts, Reviews.of(requireNonNull(approvals, "approvals")), now);
  }

  /**
   * Decides what to do with {@code ref} given everything known about it.
   *
   * @param reviews approvals and rejections of the artifact's bytes and waivers of its package; a rejection blocks,
   *     an approval or waiver lifts a quarantine only, and expired ones count for nothing
   * @param now the moment the cooldown and expiries are measured at
   */
  public Verdict decide(PackageRef ref, Analysis analysis, PackageFacts facts, Reviews reviews, Instant now) {
    requireNonNull(ref, "ref");
    requireNonNull(analysis, "analysis");
    requireNonNull(facts, "facts");
    requireNonNull(reviews, "reviews");
    requireNonNull(now, "now");
    Optional<Verdict> denied = denial(ref.ecosystem(), ref.name(), ref.version());
    if (denied.isPresent()) {
      return denied.get();
    }
    Optional<Rejection> rejection = reviews.rejections().stream()
        .filter(r -> r.sha256().equalsIgnoreCase(analysis.sha256()))
        .max(Comparator.comparing(Rejection::at).thenComparing(Rejection::reviewer).thenComparing(Rejection::reason));
    if (rejection.isPresent()) {
      Rejection r = rejection.get();
      return Verdict.block(REJECTED_RULE, Reasons.clean("%s was rejected by %s at %s%s".formatted(
          coordinates(ref.ecosystem(), ref.name(), ref.version()), r.reviewer(), r.at(),
          r.reason().isBlank() ? "" : ": " + r.reason())));
    }
    List<Finding> findings = new ArrayList<>(analysis.findings());
    findings.addAll(facts.metadataFindings());
    findings.sort(FINDING_ORDER);
    Ruling ruling = new Ruling(ref, trust, facts.establishedHooks());
    for (int f = 0; f < findings.size(); f++) {
      for (int r = 0; r < rules.size(); r++) {
        if (rules.get(r).matches(findings.get(f), ref.ecosystem())) {
          ruling.hold(r, rules.get(r), f, findings.get(f));
        }
      }
    }
    cooldownHold(ref, facts, now).ifPresent(
        reason -> ruling.hold(rules.size(), COOLDOWN_RULE, Decision.QUARANTINE, reason));
    Verdict verdict = ruling.verdict();
    if (verdict.decision() != Decision.QUARANTINE) {
      return verdict; // an approval never lifts a block
    }
    Optional<Approval> approval = approvalOf(analysis, reviews.approvals(), now);
    if (approval.isPresent()) {
      return approved(verdict, approval.get());
    }
    return reviews.waivers().stream().filter(w -> w.covers(ref, now))
        .min(Comparator.comparing(Waiver::id))
        .map(w -> waived(verdict, w)).orElse(verdict);
  }

  /**
   * The verdict that needs no download: the deny list, and the cooldown when {@code facts} says when the
   * version was published. Empty when the artifact must be analyzed to decide. Approvals play no part:
   * they are bound to bytes, and these have not been downloaded.
   */
  public Optional<Verdict> beforeDownload(PackageRef ref, PackageFacts facts, Instant now) {
    requireNonNull(ref, "ref");
    requireNonNull(facts, "facts");
    requireNonNull(now, "now");
    Optional<Verdict> denied = denial(ref.ecosystem(), ref.name(), ref.version());
    if (denied.isPresent()) {
      return denied;
    }
    return cooldownHold(ref, facts, now).map(reason -> Verdict.quarantine(COOLDOWN_RULE, Reasons.clean(reason)));
  }

  /** Whether the deny list refuses {@code name} at {@code version}; for filtering versions out of metadata. */
  public boolean denies(Ecosystem ecosystem, String name, String version) {
    return denial(ecosystem, name, version).isPresent();
  }

  /**
   * Whether the cooldown lets a version published at {@code publishedAt} be served at {@code now}: it is
   * at least {@link #minimumAge()} old, or it is a cooldown exception. For filtering versions out of
   * metadata, so that resolvers pick a version that will be served.
   */
  public boolean cooldownAdmits(Ecosystem ecosystem, String name, String version, Instant publishedAt, Instant now) {
    requireNonNull(ecosystem, "ecosystem");
    requireNonNull(name, "name");
    requireNonNull(version, "version");
    requireNonNull(publishedAt, "publishedAt");
    requireNonNull(now, "now");
    return cooldown.admits(ecosystem, name, version, publishedAt, now);
  }

  /** {@code age} as policy files write it ({@code 3d}, {@code 1d12h}, {@code 0s}), for messages about the cooldown. */
  public static String formatAge(Duration age) {
    return Cooldown.format(age);
  }

  /**
   * {@code cooldown.new-dependency-age}: a dependency that a version adds and that was first published less
   * than this before the version is rated high (npm; zero rates none so).
   */
  public Duration newDependencyAge() {
    return cooldown.newDependencyAge();
  }

  /** The cooldown's minimum release age; zero when the cooldown is off. */
  public Duration minimumAge() {
    return cooldown.minimumAge();
  }

  /** The rules in the order they are tried, defaults and file merged. */
  public List<Rule> rules() {
    return rules;
  }

  /**
   * A digest (SHA-256, hex) of this policy's content; stored with verdicts so that a changed policy
   * re-derives them. It digests {@link #canonicalForm()}, so comments, layout, key order and the order of
   * the trusted, deny and exception lists change nothing; rule order, which breaks ties, does.
   */
  public String version() {
    return version;
  }

  /** The effective policy as canonical text, one line per rule and list entry: what {@link #version()} digests. */
  public String canonicalForm() {
    return String.join("\n", canonicalForm);
  }

  /**
   * The fingerprint of an analysis's findings that an {@link Approval} is bound to: the SHA-256 (hex) of
   * the sorted {@link Finding#fingerprint()}s, so it changes exactly when a finding appears, disappears or
   * moves, and never with the order findings were found in.
   */
  public static String fingerprint(Analysis analysis) {
    return Canonical.digest(analysis.findings().stream().map(Finding::fingerprint).sorted().toList());
  }

  @Override
  public String toString() {
    return "Policy " + version;
  }

  private Optional<Verdict> denial(Ecosystem ecosystem, String name, String version) {
    requireNonNull(ecosystem, "ecosystem");
    requireNonNull(name, "name");
    requireNonNull(version, "version");
    return deny.stream().filter(d -> d.denies(ecosystem, name, version)).findFirst().map(d -> Verdict.block(DENY_RULE,
        Reasons.clean("%s is on the deny list%s".formatted(coordinates(ecosystem, name, version),
            d.reason().isEmpty() ? "" : ": " + d.reason()))));
  }

  private Optional<String> cooldownHold(PackageRef ref, PackageFacts facts, Instant now) {
    return facts.publishedAt()
        .filter(at -> !cooldown.admits(ref.ecosystem(), ref.name(), ref.version(), at, now))
        .map(at -> {
          Duration age = Duration.between(at, now);
          String when = age.isNegative() ? "at %s, later than now".formatted(at)
              : "at %s (%s ago)".formatted(at, Cooldown.format(age));
          return "%s was published %s; cooldown.minimum-age is %s, so it is served from %s".formatted(
              coordinates(ref.ecosystem(), ref.name(), ref.version()), when,
              Cooldown.format(cooldown.minimumAge()), cooldown.admittedFrom(at));
        });
  }

  private static Optional<Approval> approvalOf(Analysis analysis, List<Approval> approvals, Instant now) {
    String fingerprint = fingerprint(analysis);
    // The latest approval names the reviewer; which one is picked must not depend on list order.
    return approvals.stream()
        .filter(a -> a.sha256().equalsIgnoreCase(analysis.sha256()) && a.findingsFingerprint().equals(fingerprint))
        .filter(a -> a.activeAt(now))
        .max(Comparator.comparing(Approval::at).thenComparing(Approval::reviewer).thenComparing(Approval::reason));
  }

  private static Verdict approved(Verdict quarantine, Approval approval) {
    List<String> reasons = new ArrayList<>();
    reasons.add(Reasons.clean("approved by %s at %s, lifting rule %s%s".formatted(approval.reviewer(), approval.at(),
        quarantine.rule(), approval.reason().isBlank() ? "" : ": " + approval.reason())));
    reasons.addAll(quarantine.reasons());
    return new Verdict(Decision.ALLOW, APPROVED_RULE, reasons);
  }

  private static Verdict waived(Verdict quarantine, Waiver waiver) {
    List<String> reasons = new ArrayList<>();
    reasons.add(Reasons.clean("waived by %s (waiver %s, versions %s%s), lifting rule %s%s".formatted(
        waiver.createdBy(), waiver.id(), waiver.versions(),
        waiver.expiresAt().map(at -> ", until " + at).orElse(""), quarantine.rule(),
        waiver.reason().isBlank() ? "" : ": " + waiver.reason())));
    reasons.addAll(quarantine.reasons());
    return new Verdict(Decision.ALLOW, WAIVED_RULE, reasons);
  }

  private static String coordinates(Ecosystem ecosystem, String name, String version) {
    return ecosystem.key() + " " + (ecosystem == Ecosystem.MAVEN ? name + ":" + version : name + "@" + version);
  }
}
