package dev.gatehouse.analyzer.npm;

import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.archive.ArchiveWalker;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows {@code require} and {@code import} from a starting file through the package's own files, the
 * way Node resolves them, and collects what the reached code does.
 *
 * <p>Two ways to follow: as a program ({@code node install.js}: everything in every reached file
 * counts, and every load is followed) or as an import (only code that runs at load counts, and only loads
 * made at load are followed). Modules outside the package are not followed; calls into the well-known
 * network and process modules are recognised at the call site instead. Bounded by {@link
 * #MAX_REQUIRE_DEPTH}, files parsed ({@code limits.maxClasses}, which counts source files for npm),
 * {@link #MAX_TOKENS} and the deadline; hitting one is recorded in the {@link Reach}. Inside one file,
 * "called at load" is followed for {@code limits.maxCallDepth} rounds.
 */
final class ModuleGraph {
  /** Tokens read across one package, literal code in {@code eval} included: TypeScript's compiler is ~3M. */
  static final long MAX_TOKENS = 60_000_000L;
  /** Longest chain of package files loading each other that is followed; real packages stay far below. */
  static final int MAX_REQUIRE_DEPTH = 64;
  /**
   * How deep into a program's own files everything counts: the script and the files it loads itself. A
   * program reaches further files through the functions it calls, which is not followed across files;
   * beyond this depth only code that runs at load counts, so that a script using one helper of a large
   * CLI is not charged with everything the CLI can do.
   */
  static final int PROGRAM_DEPTH = 1;

  private static final Set<String> BUILTINS = Set.of(
      "assert", "async_hooks", "buffer", "child_process", "cluster", "console", "constants", "crypto", "dgram",
      "diagnostics_channel", "dns", "domain", "events", "fs", "http", "http2", "https", "inspector", "module",
      "net", "os", "path", "perf_hooks", "process", "punycode", "querystring", "readline", "repl", "stream",
      "string_decoder", "sys", "timers", "tls", "trace_events", "tty", "url", "util", "v8", "vm", "wasi",
      "worker_threads", "zlib", "test", "sqlite", "sea");
  private static final String[] EXTENSIONS = {"", ".js", ".cjs", ".mjs", ".json", ".node"};

  private final PackageFiles files;
  private final String packageName;
  private final ArchiveWalker walker;
  private final int callRounds;
  private final int maxFiles;
  private final Map<String, JsCapabilities> parsed = new HashMap<>();
  private long tokens;

  ModuleGraph(PackageFiles files, String packageName, ArchiveWalker walker, int callRounds, int maxFiles) {
    this.files = files;
    this.packageName = packageName;
    this.walker = walker;
    this.callRounds = callRounds;
    this.maxFiles = maxFiles;
  }

  /** What running {@code node file} reaches. */
  Reach program(String file) throws IOException {
    return follow(file, null, false);
  }

  /** What running {@code node -e code} from the package root reaches; {@code where} names it. */
  Reach inline(String where, String code) throws IOException {
    return follow(where, code, false);
  }

  /** What importing {@code entry} runs at load. */
  Reach imports(String entry) throws IOException {
    return follow(entry, null, true);
  }

  /** The installed path {@code specifier} resolves to from {@code fromFile}, or empty (external, builtin). */
  Optional<String> resolve(String fromFile, String specifier) {
    String spec = specifier.split("[?#]", 2)[0];
    String base;
    if (spec.startsWith("./") || spec.startsWith("../") || spec.equals(".") || spec.equals("..")) {
      int slash = fromFile.lastIndexOf('/');
      base = normalize((slash < 0 ? "" : fromFile.substring(0, slash + 1)) + spec);
    } else if (!packageName.isEmpty() && (spec.equals(packageName) || spec.startsWith(packageName + "/"))) {
      base = spec.equals(packageName) ? "" : normalize(spec.substring(packageName.length() + 1));
    } else {
      return Optional.empty();
    }
    return base == null ? Optional.empty() : resolveFile(base);
  }

  /** A path inside the package resolved as Node resolves a file or folder, or empty. */
  Optional<String> resolveFile(String base) {
    String stem = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    for (String ext : EXTENSIONS) {
      if (!stem.isEmpty() && files.exists(stem + ext)) {
        return Optional.of(stem + ext);
      }
    }
    String dir = stem.isEmpty() ? "" : stem + "/";
    for (String ext : EXTENSIONS) {
      if (!ext.isEmpty() && files.exists(dir + "index" + ext)) {
        return Optional.of(dir + "index" + ext);
      }
    }
    return Optional.empty();
  }

  static boolean isBuiltin(String specifier) {
    String m = specifier.startsWith("node:") ? specifier.substring(5) : specifier;
    int slash = m.indexOf('/');
    return BUILTINS.contains(slash < 0 ? m : m.substring(0, slash));
  }

  /** {@code a/./b/../c} → {@code a/c}; null when it climbs out of the package. */
  static String normalize(String path) {
    ArrayDeque<String> parts = new ArrayDeque<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(segment);
      }
    }
    return String.join("/", parts);
  }

  private Reach follow(String start, String inlineCode, boolean loadOnly) throws IOException {
    Reach reach = new Reach();
    ArrayDeque<String> queue = new ArrayDeque<>();
    Map<String, Integer> depth = new HashMap<>();
    Set<String> done = new HashSet<>();
    queue.add(start);
    depth.put(start, 0);
    while (!queue.isEmpty()) {
      if (walker.outOfTime()) {
        reach.limited("the analysis ran out of time (limits.maxAnalysisTime)");
        return reach;
      }
      String file = queue.poll();
      if (!done.add(file)) {
        continue;
      }
      JsCapabilities caps = inlineCode != null && file.equals(start) ? parseInline(start, inlineCode, reach)
          : parse(file, reach);
      if (caps == null) {
        continue;
      }
      reach.analyzed(file);
      boolean atLoadOnly = loadOnly || depth.get(file) > PROGRAM_DEPTH;
      reach.seeAll(caps.sightings(atLoadOnly));
      for (JsModules.Load load : caps.loads(atLoadOnly)) {
        String spec = load.specifier();
        Optional<String> target = resolve(file, spec);
        if (target.isPresent() && target.get().toLowerCase(Locale.ROOT).endsWith(".node")
            || spec.toLowerCase(Locale.ROOT).endsWith(".node")) {
          reach.see(new Sighting(Signal.NATIVE, file, load.line(), load.excerpt()));
          continue;
        }
        if (target.isEmpty() || target.get().endsWith(".json") || done.contains(target.get())) {
          continue;
        }
        int d = depth.get(file) + 1;
        if (d > MAX_REQUIRE_DEPTH) {
          reach.limited("require chain from %s deeper than %d files".formatted(start, MAX_REQUIRE_DEPTH));
          continue;
        }
        depth.putIfAbsent(target.get(), d);
        queue.add(target.get());
      }
    }
    return reach;
  }

  private JsCapabilities parse(String file, Reach reach) throws IOException {
    JsCapabilities cached = parsed.get(file);
    if (cached != null) {
      return cached;
    }
    if (parsed.size() >= maxFiles) {
      reach.limited("more than %d source files to analyze (limits.maxClasses)".formatted(maxFiles));
      return null;
    }
    Optional<String> text = files.text(file);
    if (text.isEmpty()) {
      return null;
    }
    files.release(file); // the text is all the analysis needs: the bytes go before the tokens come
    JsCapabilities caps = budgeted(file, text.get(), reach);
    parsed.put(file, caps);
    return caps;
  }

  private JsCapabilities parseInline(String where, String code, Reach reach) {
    return budgeted(where, code, reach);
  }

  private JsCapabilities budgeted(String file, String source, Reach reach) {
    long left = MAX_TOKENS - tokens;
    if (left <= 0) {
      reach.limited("more than %d tokens of JavaScript to analyze".formatted(MAX_TOKENS));
      return JsCapabilities.analyze(file, "", callRounds, 1);
    }
    long perFile = walker.limits().maxTokensPerFile();
    JsCapabilities caps = JsCapabilities.analyze(file, source, callRounds, Math.min(left, perFile));
    tokens += caps.tokensUsed();
    if (caps.truncated()) {
      reach.limited("%s has more than %d tokens left to analyze".formatted(file, Math.min(left, perFile)));
      if (perFile <= left) {
        // Code nobody read is never reported clean: the limit holds the package, as an archive limit does.
        walker.report(ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, files.entryPath(file),
            "more than %d tokens in one file (limits.maxTokensPerFile); the rest was not analyzed".formatted(perFile)));
      }
    }
    return caps;
  }
}
