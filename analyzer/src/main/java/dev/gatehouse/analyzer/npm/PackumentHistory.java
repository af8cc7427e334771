package dev.gatehouse.analyzer.npm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The history of an npm package as its packument tells it, without downloading any tarball: which
 * versions had install scripts and which carried provenance. A version that adds an install script its
 * predecessors lacked (Shai-Hulud, ua-parser-js) or drops the provenance attestation the version before it
 * had (a token stolen and used from a laptop instead of CI) yields a {@link Trigger#VERSION_CHANGE} finding.
 *
 * <p>Predecessors are the versions of lower semver precedence, nearest first; publication order is not
 * used because backports are published after later majors. Immutable and thread-safe once built. Build it
 * from {@link VersionFacts} that a streaming reader collected ({@link #of(Collection)}), from a parsed tree
 * ({@link #of(JsonNode)}) or from a file or stream ({@link #read}), which streams and keeps only the facts.
 */
public final class PackumentHistory {
  /** How many predecessors an install script or a dependency must be absent from to count as new. */
  public static final int PREDECESSORS = 3;
  /**
   * How many nearest predecessors must have had an install script word for word for it to be the
   * package's established behaviour rather than news: yarn 1, pnpm and bun have run the same hook for
   * dozens of releases.
   */
  public static final int ESTABLISHED = 5;
  /** A dependency first published less than this before the version that adds it is young (axios 1.14.1: hours). */
  public static final java.time.Duration YOUNG_DEPENDENCY = java.time.Duration.ofDays(7);

  /**
   * When a package was first published, as its own packument says ({@code time.created}); Gatehouse
   * answers it from the packuments it holds. Empty when it does not know.
   */
  @FunctionalInterface
  public interface FirstPublished {
    Optional<java.time.Instant> of(String packageName);

    /**
     * Why {@link #of} had no answer for {@code packageName} (its packument could not be fetched, too many
     * look-ups), when the answerer tried; empty when it did not try or did answer.
     */
    default Optional<String> unknownBecause(String packageName) {
      return Optional.empty();
    }

    /**
     * The owner of the source repository that {@code packageName}'s newest version names ({@code
     * github.com/sindresorhus}), when the answerer read its packument; empty otherwise.
     */
    default Optional<String> repositoryOwner(String packageName) {
      return Optional.empty();
    }

    /**
     * Whether {@code packageName}'s newest version runs install scripts, when the answerer read its packument;
     * empty when it does not know, which is judged as if it did.
     */
    default Optional<Boolean> runsInstallScripts(String packageName) {
      return Optional.empty();
    }

    /** Knows nothing: each new dependency is reported with what this packument says. */
    FirstPublished UNKNOWN = name -> Optional.empty();
  }
  /** Most versions read from one packument; the largest real ones have a few thousand. */
  public static final int MAX_VERSIONS = 100_000;
  /** Deepest nesting accepted inside a packument. */
  public static final int MAX_NESTING = 200;

  /**
   * What one version's manifest says that matters here.
   *
   * @param installScripts {@code key: command} of each install-time script, in npm's order; {@code
   *     hasInstallScript} or {@code gypfile} without script text yields {@code install: (node-gyp or
   *     unlisted)}
   * @param attested whether {@code dist.attestations} is present
   * @param dependencies name to spec of {@code dependencies} and {@code optionalDependencies}, sorted
   */
  public record VersionFacts(String version, List<String> installScripts, boolean attested,
      Map<String, String> dependencies, Optional<String> repositoryOwner) {
    public VersionFacts {
      requireNonNull(version, "version");
      requireNonNull(repositoryOwner, "repositoryOwner");
      installScripts = List.copyOf(installScripts);
      dependencies = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(dependencies));
    }

    public VersionFacts(String version, List<String> installScripts, boolean attested) {
      this(version, installScripts, attested, Map.of(), Optional.empty());
    }

    /** The facts of one entry of a packument's {@code versions}, {@code manifest} being its value. */
    public static VersionFacts of(String version, JsonNode manifest) {
      List<String> scripts = new ArrayList<>();
      for (String key : LifecycleScripts.INSTALL) {
        JsonNode script = manifest.path("scripts").path(key);
        if (script.isTextual()) {
          scripts.add(key + ": " + script.asText());
        }
      }
      if (scripts.isEmpty() && (manifest.path("hasInstallScript").asBoolean(false)
          || manifest.path("gypfile").asBoolean(false))) {
        scripts.add("install: (node-gyp or unlisted)");
      }
      JsonNode attestations = manifest.path("dist").path("attestations");
      return new VersionFacts(version, scripts, attestations.isObject() && !attestations.isEmpty(),
          PackageJson.dependencies(manifest), RepositoryOwner.of(manifest.path("repository")));
    }
  }

  private final Map<String, VersionFacts> byVersion;
  private final List<VersionFacts> ordered;

  private PackumentHistory(Collection<VersionFacts> versions) {
    Map<String, VersionFacts> map = new LinkedHashMap<>();
    List<VersionFacts> valid = new ArrayList<>();
    for (VersionFacts v : versions) {
      if (SemVer.parse(v.version()).isPresent() && map.putIfAbsent(v.version(), v) == null) {
        valid.add(v);
      }
    }
    valid.sort((a, b) -> SemVer.parse(a.version()).get().compareTo(SemVer.parse(b.version()).get()));
    this.byVersion = map;
    this.ordered = List.copyOf(valid);
  }

  public static PackumentHistory of(Collection<VersionFacts> versions) {
    return new PackumentHistory(versions);
  }

  /** From a packument already parsed into a tree. */
  public static PackumentHistory of(JsonNode packument) {
    List<VersionFacts> facts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = packument.path("versions").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      facts.add(VersionFacts.of(e.getKey(), e.getValue()));
    }
    return new PackumentHistory(facts);
  }

  /** Streams the packument at {@code file}, at most {@code maxBytes} long. */
  public static PackumentHistory read(Path file, long maxBytes) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, maxBytes);
    }
  }

  /**
   * Streams a packument, keeping only each version's facts: readmes and other fields are skipped, so a
   * packument of tens of MB never becomes a tree.
   *
   * @throws IOException when it is not JSON, not an object, longer than {@code maxBytes}, nested deeper
   *     than {@link #MAX_NESTING} or has more than {@link #MAX_VERSIONS} versions; the message says which
   */
  public static PackumentHistory read(InputStream in, long maxBytes) throws IOException {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxDocumentLength(maxBytes).maxNestingDepth(MAX_NESTING).maxStringLength(64 << 20).build())
        .build();
    ObjectMapper mapper = JsonMapper.builder(factory).build();
    List<VersionFacts> facts = new ArrayList<>();
    try (JsonParser p = factory.createParser(new Bounded(in, maxBytes))) {
      p.setCodec(mapper);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("packument is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!field.equals("versions") || p.currentToken() != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String version = p.currentName();
          p.nextToken();
          if (facts.size() >= MAX_VERSIONS) {
            throw new IOException("packument has more than %d versions (PackumentHistory.MAX_VERSIONS)"
                .formatted(MAX_VERSIONS));
          }
          JsonNode manifest = p.readValueAsTree();
          facts.add(VersionFacts.of(version, manifest == null ? mapper.createObjectNode() : manifest));
        }
      }
    }
    return new PackumentHistory(facts);
  }

  /** Counts bytes as they are read: Jackson checks its own document limit only between buffers. */
  private static final class Bounded extends java.io.FilterInputStream {
    private final long max;
    private long read;

    Bounded(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count(Math.max(n, 0));
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > max) {
        throw new IOException("packument is larger than %d bytes (the maxBytes it was read with)".formatted(max));
      }
    }
  }

  /** The facts of {@code version}, if the packument lists it. */
  public Optional<VersionFacts> version(String version) {
    return Optional.ofNullable(byVersion.get(version));
  }

  /**
   * What {@code version} changes from its predecessors: an install script none of its {@link
   * #PREDECESSORS} nearest predecessors had, and provenance its nearest predecessor had and it lacks.
   * Empty for the first version and for versions the packument does not list.
   */
  public List<Finding> findings(String version) {
    return findings(version, FirstPublished.UNKNOWN, java.time.Instant.EPOCH);
  }

  /**
   * As {@link #findings(String)}, with the age of each dependency the version adds: one first published
   * less than {@link #YOUNG_DEPENDENCY} before {@code now} (the version's own publish time, or the moment
   * of judging) is rated high, the axios 1.14.1 shape of March 2026.
   */
  public List<Finding> findings(String version, FirstPublished firstPublished, java.time.Instant now) {
    return findings(version, firstPublished, now, YOUNG_DEPENDENCY);
  }

  /**
   * As {@link #findings(String, FirstPublished, java.time.Instant)}, with {@code young} in place of {@link
   * #YOUNG_DEPENDENCY} (the policy's {@code cooldown.new-dependency-age}); zero rates no dependency young.
   */
  public List<Finding> findings(String version, FirstPublished firstPublished, java.time.Instant now,
      java.time.Duration young) {
    requireNonNull(firstPublished, "firstPublished");
    requireNonNull(now, "now");
    requireNonNull(young, "young");
    VersionFacts v = byVersion.get(version);
    int at = v == null ? -1 : ordered.indexOf(v);
    if (at <= 0) {
      return List.of();
    }
    List<VersionFacts> before = new ArrayList<>(ordered.subList(Math.max(0, at - PREDECESSORS), at));
    java.util.Collections.reverse(before); // nearest first
    List<Finding> findings = new ArrayList<>();
    if (!v.installScripts().isEmpty() && before.stream().allMatch(p -> p.installScripts().isEmpty())) {
      String script = v.installScripts().get(0);
      String key = script.substring(0, script.indexOf(':'));
      findings.add(new CodeFinding(Trigger.VERSION_CHANGE, List.of(), Severity.MEDIUM,
          "%s adds an install script (%s) that %s did not have".formatted(version, script, names(before)),
          Evidence.of("", "versions[\"%s\"].scripts.%s".formatted(version, key), script)));
    }
    findings.addAll(dependencyChanges(v, before, firstPublished, now, young));
    if (!v.attested() && before.get(0).attested()) {
      findings.add(new CodeFinding(Trigger.VERSION_CHANGE, List.of(), Severity.MEDIUM,
          "%s has no provenance attestation (dist.attestations); %s, the version before it, had one"
              .formatted(version, before.get(0).version()),
          Evidence.of("", "versions[\"%s\"].dist.attestations".formatted(version), "absent")));
    }
    return findings;
  }

  /**
   * Dependencies {@code v} adds that none of {@code before} had (the axios 1.14.1 shape, March 2026: a
   * fresh package added to a patch release, whose own install script carried the payload), and new ones
   * from outside the registry. How old an added package is cannot be told from this packument, so a
   * registry dependency is reported low, as context for the reviewer of whatever else holds the version;
   * one from git, a URL or a path is medium, since its install runs code Gatehouse never sees.
   */
  private static List<Finding> dependencyChanges(VersionFacts v, List<VersionFacts> before,
      FirstPublished firstPublished, java.time.Instant now, java.time.Duration youngAge) {
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, String> d : v.dependencies().entrySet()) {
      String installs = DependencySource.registryName(d.getKey(), d.getValue());
      // An npm: alias can swap the package behind a name the predecessors already had.
      boolean isNew = before.stream().noneMatch(p -> p.dependencies().containsKey(d.getKey())
          && installs.equals(DependencySource.registryName(d.getKey(), p.dependencies().get(d.getKey()))));
      Optional<String> off = DependencySource.offRegistry(d.getValue());
      boolean newlyOff = off.isPresent() && before.stream()
          .noneMatch(p -> d.getValue().equals(p.dependencies().get(d.getKey())));
      if (!isNew && !newlyOff) {
        continue;
      }
      Optional<java.time.Instant> born = off.isPresent() ? Optional.empty() : firstPublished.of(installs);
      boolean young = born.isPresent() && born.get().isAfter(now.minus(youngAge));
      // Maintainers often publish a helper package and depend on it the same day (onetime on mimic-function,
      // the proxy-agents monorepo). A young package from the same repository owner as this one is that, not
      // the axios 1.14.1 shape of a stranger's package slipped into a release; it stays context. The field is
      // the publisher's word, not verified: provenance and the other version-change findings still apply.
      Optional<String> sameOwner = young
          ? v.repositoryOwner().filter(o -> firstPublished.repositoryOwner(installs).filter(o::equals).isPresent())
          : Optional.empty();
      // axios 1.14.1's young dependency carried its payload in a postinstall, which runs in every install the
      // moment the release resolves. A young package known to run no install script runs only when required,
      // and its own tarball is analyzed and judged when a client fetches it through Gatehouse.
      boolean quietAtInstall = young && sameOwner.isEmpty()
          && firstPublished.runsInstallScripts(installs).filter(runs -> !runs).isPresent();
      String summary;
      if (off.isPresent()) {
        summary = "new in %s: dependency %s comes from %s (`%s`), which %s did not use; its install scripts run unseen"
            .formatted(v.version(), d.getKey(), off.get(), d.getValue(), names(before));
      } else if (born.isPresent()) {
        summary = "new in %s: dependency %s (`%s`), which %s did not have, first published %s%s"
            .formatted(v.version(), d.getKey(), d.getValue(), names(before), born.get(),
                young ? ", less than %s before".formatted(spoken(youngAge)) : "")
            + sameOwner.map(o -> ", from the same source repository owner (%s) as this package".formatted(o))
                .orElse("")
            + (quietAtInstall ? "; it runs no install script, and its own code is judged when it is fetched" : "");
      } else {
        Optional<String> why = firstPublished.unknownBecause(installs);
        summary = why.isPresent()
            ? ("new in %s: dependency %s (`%s`), which %s did not have; its age is not known (%s), so it is rated"
                + " from this packument alone").formatted(v.version(), d.getKey(), d.getValue(), names(before),
                    why.get())
            : ("new in %s: dependency %s (`%s`), which %s did not have; its age and install scripts are not"
                + " known from this packument").formatted(v.version(), d.getKey(), d.getValue(), names(before));
      }
      Severity severity = young && sameOwner.isEmpty() && !quietAtInstall ? Severity.HIGH : off.isPresent() ? Severity.MEDIUM
          : Severity.LOW;
      findings.add(new CodeFinding(Trigger.VERSION_CHANGE, List.of(), severity, summary, Evidence.of("", "versions[\"%s\"].dependencies.%s".formatted(v.version(), d.getKey()),
              d.getValue())));
    }
    return findings;
  }

  /** Whether the newest version runs install scripts; empty for a packument without versions. */
  public Optional<Boolean> newestRunsInstallScripts() {
    return ordered.isEmpty() ? Optional.empty()
        : Optional.of(!ordered.get(ordered.size() - 1).installScripts().isEmpty());
  }

  /** The source repository owner that the newest version names, if it names one that can be read. */
  public Optional<String> repositoryOwner() {
    return ordered.isEmpty() ? Optional.empty() : ordered.get(ordered.size() - 1).repositoryOwner();
  }

  /**
   * The install scripts ({@code key: command}) of {@code version} that each of its {@link #ESTABLISHED}
   * nearest predecessors had word for word: behaviour the package has long had, which a policy may weigh
   * less than a hook that is new. Empty when the version has fewer predecessors or is not listed.
   */
  public List<String> established(String version) {
    VersionFacts v = byVersion.get(version);
    int at = v == null ? -1 : ordered.indexOf(v);
    if (at < ESTABLISHED) {
      return List.of();
    }
    List<VersionFacts> before = ordered.subList(at - ESTABLISHED, at);
    return v.installScripts().stream()
        .filter(script -> before.stream().allMatch(p -> p.installScripts().contains(script)))
        .toList();
  }

  /** {@code 7 days}, {@code 36 hours}, {@code 90 minutes}: an age as a reviewer reads it. */
  private static String spoken(java.time.Duration age) {
    if (age.toDays() > 0 && age.equals(java.time.Duration.ofDays(age.toDays()))) {
      return age.toDays() == 1 ? "1 day" : age.toDays() + " days";
    }
    if (age.toHours() > 0 && age.equals(java.time.Duration.ofHours(age.toHours()))) {
      return age.toHours() == 1 ? "1 hour" : age.toHours() + " hours";
    }
    return Math.max(1, age.toMinutes()) + " minutes";
  }

  private static String names(List<VersionFacts> versions) {
    List<String> names = versions.stream().map(VersionFacts::version).toList();
    return Assessment.join(names);
  }
}
