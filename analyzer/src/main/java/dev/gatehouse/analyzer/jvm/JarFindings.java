package dev.gatehouse.analyzer.jvm;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.archive.ArchiveWalker;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the entry points of one jar and what they reach into {@link CodeFinding}s: one per registered
 * class and trigger; plain static initializers only when they reach a capability; and, when a jar has
 * more than {@link #AGGREGATE_ABOVE} findings of one trigger, one finding per shape (severity and
 * capabilities) naming the count and the first few classes, so that a Maven plugin with 40 mojos is one
 * finding rather than 40. Shapes are never merged with each other: a union of capabilities could invent
 * a combination no single class has.
 */
final class JarFindings {
  private static final int AGGREGATE_ABOVE = 3;
  private static final int NAMED_IN_AGGREGATE = 3;
  private static final Set<Trigger> BUILD_TIME =
      EnumSet.of(Trigger.ANNOTATION_PROCESSOR, Trigger.JAVA_AGENT, Trigger.BUILD_PLUGIN);
  /** Capabilities that matter on their own; environment reads, DNS and native loads are everyday library code. */
  private static final Set<Capability> SENSITIVE = EnumSet.of(Capability.PROCESS_SPAWN, Capability.NETWORK,
      Capability.CREDENTIAL_READ, Capability.DYNAMIC_CODE, Capability.ENCODED_PAYLOAD, Capability.OBFUSCATION,
      Capability.FILESYSTEM_WRITE);
  /** Which capability's evidence leads a finding: the one a reviewer should look at first. */
  private static final List<Capability> LEAD = List.of(Capability.CREDENTIAL_READ, Capability.ENCODED_PAYLOAD,
      Capability.PROCESS_SPAWN, Capability.NETWORK, Capability.DYNAMIC_CODE, Capability.FILESYSTEM_WRITE,
      Capability.NATIVE_LOAD, Capability.DNS, Capability.ENVIRONMENT_READ, Capability.OBFUSCATION);

  private final JarContents jar;
  private final ReachableCalls calls;
  private final ArchiveWalker walker;

  JarFindings(JarContents jar, ReachableCalls calls, ArchiveWalker walker) {
    this.jar = jar;
    this.calls = calls;
    this.walker = walker;
  }

  private record Candidate(EntryPoint entry, Reach reach, Set<Capability> capabilities, Severity severity) {}

  List<CodeFinding> findings() {
    Map<Trigger, List<Candidate>> byTrigger = new EnumMap<>(Trigger.class);
    List<EntryPoint> cut = new ArrayList<>();
    for (EntryPoint entry : EntryPoints.of(jar)) {
      if (walker.outOfTime()) {
        break; // recorded by the walker as an analysis-limit finding
      }
      Reach reach = calls.from(entry);
      if (reach.depthCut) {
        cut.add(entry);
      }
      Set<Capability> capabilities = reach.capabilities();
      if (jar.hiddenClassCount > 0 && (BUILD_TIME.contains(entry.trigger()) || reach.has(Fact.CLASS_DEFINITION))) {
        // Build-time code, or code that defines classes from bytes, in a jar that keeps class files under
        // other names: the code that will run is code this analysis did not read.
        capabilities.add(Capability.OBFUSCATION);
      }
      if (capabilities.isEmpty() && !BUILD_TIME.contains(entry.trigger())) {
        continue; // runs, but does nothing notable: a finding would be noise
      }
      Severity severity = severity(entry.trigger(), capabilities, reach);
      if (lintOnly(entry) && capabilities.stream().noneMatch(SENSITIVE::contains)) {
        // Lint checks are static analysis run in lint's process from their own jar, which this analysis
        // read whole; one that reaches nothing sensitive cannot hand the work to a dependency as a
        // Maven plugin can, so it is rated low rather than held as build-time code.
        severity = Severity.LOW;
      }
      byTrigger.computeIfAbsent(entry.trigger(), k -> new ArrayList<>())
          .add(new Candidate(entry, reach, capabilities, severity));
    }
    List<CodeFinding> findings = new ArrayList<>();
    for (List<Candidate> candidates : byTrigger.values()) {
      if (candidates.size() <= AGGREGATE_ABOVE) {
        candidates.forEach(c -> findings.add(finding(c)));
        continue;
      }
      Map<String, List<Candidate>> byShape = new LinkedHashMap<>();
      for (Candidate c : candidates) {
        byShape.computeIfAbsent(c.severity() + " " + c.capabilities(), k -> new ArrayList<>()).add(c);
      }
      for (List<Candidate> shape : byShape.values()) {
        if (shape.size() == 1 || shape.get(0).severity() == Severity.CRITICAL) {
          shape.forEach(c -> findings.add(finding(c))); // attack shapes always stand alone
        } else {
          findings.add(aggregate(shape));
        }
      }
    }
    if (!cut.isEmpty()) {
      findings.add(depthLimit(cut));
    }
    return findings;
  }

  /**
   * The call-depth bound is a horizon, not a failure: real libraries reach it through long chains of
   * ordinary code, and what lies beyond is no more suspect than an interface call not followed. So it
   * is recorded (INFO, once per jar) rather than sent to quarantine as a broken analysis would be.
   */
  private CodeFinding depthLimit(List<EntryPoint> cut) {
    EntryPoint first = cut.get(0);
    List<ClassModel> variants = jar.variants(first.internalName());
    String path = variants.isEmpty() ? first.registrations().get(0).source() : variants.get(0).path;
    String summary = "calls from %d %s were followed %d deep (limits.maxCallDepth) and no deeper: %s".formatted(
        cut.size(), cut.size() == 1 ? "entry point" : "entry points", calls.maxDepth(), names(cut));
    return new CodeFinding(first.trigger(), List.of(), Severity.INFO, summary,
        Evidence.of(path, first.binaryName(), "limits.maxCallDepth = " + calls.maxDepth()));
  }

  private static String names(List<EntryPoint> entries) {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < Math.min(NAMED_IN_AGGREGATE, entries.size()); i++) {
      names.append(i == 0 ? "" : ", ").append(entries.get(i).binaryName());
    }
    if (entries.size() > NAMED_IN_AGGREGATE) {
      names.append(" and ").append(entries.size() - NAMED_IN_AGGREGATE).append(" more");
    }
    return names.toString();
  }

  /** The severity contract with the policy (see {@link Severity}), for one entry point. */
  static Severity severity(Trigger trigger, Set<Capability> capabilities, Reach reach) {
    boolean network = capabilities.contains(Capability.NETWORK);
    if (capabilities.contains(Capability.CREDENTIAL_READ) && (network || capabilities.contains(Capability.DNS))) {
      return Severity.CRITICAL; // secrets and a way out
    }
    if (reach.has(Fact.ENCODED_CODE)) {
      return Severity.CRITICAL; // a hidden payload turned into code
    }
    if (reach.has(Fact.ENVIRONMENT_DUMP) && network) {
      return Severity.CRITICAL; // the whole environment and a way out
    }
    if (reach.has(Fact.PERSISTENCE_WRITE) && !BUILD_TIME.contains(trigger)) {
      // Shell start-up files, CI workflows, git hooks: code that runs later, outside this package. A build
      // plugin may install a git hook (and is held as build-time code anyway); a library has no reason to
      // when it loads, so from there it is the shape of an attack.
      return Severity.CRITICAL;
    }
    if (reach.has(Fact.OUT_OF_BAND_NETWORK)) {
      // Interaction servers, webhook collectors, paste sites, raw addresses: no library calls them when it
      // loads or builds; a dependency-confusion probe or a stealer does, whatever else it reaches. Cloud
      // SDKs do ask the metadata endpoint for their region and role, so that alone is high, not an attack.
      return cloudMetadata(reach) ? Severity.HIGH : Severity.CRITICAL;
    }
    if (reach.has(Fact.PERSISTENCE_WRITE)) {
      return Severity.HIGH;
    }
    long sensitive = capabilities.stream().filter(SENSITIVE::contains).count();
    if (sensitive >= 2) {
      return Severity.HIGH;
    }
    if (sensitive == 1 || BUILD_TIME.contains(trigger)) {
      return Severity.MEDIUM;
    }
    return capabilities.isEmpty() ? Severity.INFO : Severity.LOW;
  }

  private static boolean lintOnly(EntryPoint entry) {
    return entry.registrations().stream().allMatch(r -> r.role() == EntryRole.LINT_REGISTRY)
        && !entry.registrations().isEmpty();
  }

  private static boolean cloudMetadata(Reach reach) {
    Reach.Hit host = reach.hit(Fact.OUT_OF_BAND_HOST);
    return host != null && host.site().excerpt().endsWith("(cloud metadata endpoint)");
  }

  private CodeFinding finding(Candidate c) {
    return new CodeFinding(c.entry().trigger(), c.capabilities(), c.severity(), summary(c), evidence(c));
  }

  private CodeFinding aggregate(List<Candidate> shape) {
    Candidate first = shape.get(0);
    String reaches = first.capabilities().isEmpty() ? "" : " and reach " + FindingWords.list(first.capabilities());
    String summary = FindingWords.many(first.entry(), shape.size()) + reaches + ": "
        + names(shape.stream().map(Candidate::entry).toList());
    return new CodeFinding(first.entry().trigger(), first.capabilities(), first.severity(), summary, evidence(first));
  }

  private String summary(Candidate c) {
    EntryPoint entry = c.entry();
    if (c.capabilities().isEmpty()) {
      return FindingWords.subject(entry);
    }
    List<String> roots = new ArrayList<>();
    Set<Capability> reached = EnumSet.noneOf(Capability.class);
    for (Capability capability : LEAD) {
      Reach.Hit hit = c.capabilities().contains(capability) ? c.reach().evidence(capability) : null;
      if (hit != null) {
        reached.add(capability);
        String root = FindingWords.entryMethod(hit.root());
        if (!roots.contains(root)) {
          roots.add(root);
        }
      }
    }
    String hidden = (c.reach().has(Fact.OUT_OF_BAND_NETWORK) ? "; it calls an out-of-band host" : "")
        + (c.reach().has(Fact.PERSISTENCE_WRITE) ? "; it writes a file that runs later" : "")
        + (c.capabilities().contains(Capability.OBFUSCATION) ? "; " + hiddenClasses() : "");
    if (reached.isEmpty()) {
      return FindingWords.subject(entry) + hidden;
    }
    String capabilities = FindingWords.list(reached);
    if (entry.trigger() == Trigger.STATIC_INITIALIZER) {
      return "static initializer of " + entry.binaryName() + " reaches " + capabilities + hidden;
    }
    return FindingWords.subject(entry) + ": its " + String.join(" and ", roots)
        + (roots.size() == 1 ? " reaches " : " reach ") + capabilities + hidden;
  }

  private String hiddenClasses() {
    int count = jar.hiddenClassCount;
    return "the jar keeps %d class %s under other names, which no class-file scan reads (%s%s)".formatted(
        count, count == 1 ? "file" : "files", String.join(", ", jar.hiddenClasses), count > 3 ? ", ..." : "");
  }

  /**
   * The hit of each capability, most telling first, skipping capabilities an earlier hit already shows
   * (a decoded class definition is both the encoded payload and the dynamic code).
   */
  private Evidence evidence(Candidate c) {
    List<Reach.Hit> shown = new ArrayList<>();
    List<String> excerpts = new ArrayList<>();
    for (Capability capability : LEAD) {
      Reach.Hit hit = c.capabilities().contains(capability) ? c.reach().evidence(capability) : null;
      if (hit != null && shown.stream().noneMatch(h -> h.site().fact().capabilities().contains(capability))) {
        shown.add(hit);
        if (!excerpts.contains(hit.site().excerpt())) {
          excerpts.add(hit.site().excerpt());
        }
      }
    }
    // The call says that it reached an out-of-band host or a persistence target; the constant says which.
    for (Fact named : List.of(Fact.OUT_OF_BAND_HOST, Fact.PERSISTENCE_PATH)) {
      Reach.Hit hit = c.reach().hit(named);
      boolean used = c.reach().has(named == Fact.OUT_OF_BAND_HOST ? Fact.OUT_OF_BAND_NETWORK : Fact.PERSISTENCE_WRITE);
      if (hit != null && used && !shown.isEmpty()) {
        excerpts.add(hit.site().excerpt());
      }
    }
    if (c.capabilities().contains(Capability.OBFUSCATION)) {
      excerpts.add("class file hidden as " + jar.hiddenClasses.get(0)); // no call shows it
    }
    if (shown.isEmpty()) {
      // A build-time entry point that reaches nothing: the registration is the evidence.
      EntryPoint entry = c.entry();
      Registration registration = entry.registrations().get(0);
      List<ClassModel> variants = jar.variants(entry.internalName());
      List<MethodModel> methods = variants.isEmpty() ? List.of() : calls.entryMethods(entry);
      String path = variants.isEmpty() ? registration.source() : variants.get(0).path;
      String location = methods.isEmpty() ? entry.binaryName() : methods.get(0).location(methods.get(0).firstLine);
      excerpts.add(0, registration.source() + " names " + registration.className());
      return Evidence.of(path, location, String.join("; ", excerpts));
    }
    Reach.Hit lead = shown.get(0);
    return Evidence.of(lead.method().owner.path, lead.method().location(lead.site().line()), String.join("; ", excerpts));
  }

}
