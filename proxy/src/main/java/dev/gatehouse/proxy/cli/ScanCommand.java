package dev.gatehouse.proxy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.npm.PackumentHistory;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.core.store.AnalysisJson;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.PackageFacts;
import dev.gatehouse.policy.Policy;
import dev.gatehouse.policy.PolicyException;
import dev.gatehouse.policy.Verdict;
import dev.gatehouse.proxy.Gatehouse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse scan PATH...}: the analysis and policy of the proxy, run on local files. Output is one
 * line (or one JSON object) per artifact in path order, whatever order the worker threads finish in.
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    exitCodeOnExecutionException = ScanCommand.ERROR,
    description = "Analyze local artifacts (jar, war, ear, npm .tgz, wheels, sdists) and print the verdict the policy gives each.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
        "0:every artifact would be allowed",
        "1:at least one would be quarantined or refused",
        "2:an error: unreadable path, broken config or policy file"})
public final class ScanCommand implements Callable<Integer> {
  static final int ALL_ALLOWED = 0;
  static final int SOME_REFUSED = 1;
  static final int ERROR = 2;
  /** Findings printed under one artifact in human output; {@code --json} always has them all. */
  private static final int HUMAN_FINDINGS = 12;

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders (scanned recursively).")
  List<Path> paths;

  @Option(names = "--json", description = "Print JSON Lines: one object per artifact.")
  boolean json;

  @Option(names = "--config", paramLabel = "FILE", description = "gatehouse.yml for limits and policy.file.")
  Path config;

  @Option(names = "--policy", paramLabel = "FILE", description = "A policy file (overrides policy.file).")
  Path policyFile;

  @Option(names = "--packument", paramLabel = "FILE",
      description = "An npm packument (the registry's JSON for the package): npm tarballs of that package are also "
          + "judged on their version history, as the proxy does.")
  Path packument;

  @Option(names = "--threads", paramLabel = "N", description = "Artifacts analyzed at once (default: cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  private final AnalysisJson analysisJson = new AnalysisJson();
  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Policy policy;
    AnalysisLimits limits;
    Optional<PackumentHistory> history = Optional.empty();
    try {
      GatehouseConfig loaded = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
      limits = Gatehouse.analysisLimits(loaded.limits());
      Optional<Path> file = Optional.ofNullable(policyFile).or(() -> loaded.policy().file());
      policy = file.isPresent() ? Policy.load(file.get()) : Policy.defaults();
      if (packument != null) {
        history = Optional.of(PackumentHistory.read(packument, loaded.limits().maxMetadataBytes()));
      }
    } catch (ConfigException | PolicyException e) {
      err.println("gatehouse scan: " + e.getMessage());
      return ERROR;
    } catch (IOException e) {
      err.println("gatehouse scan: cannot read the packument " + packument + ": " + reason(e));
      return ERROR;
    }
    Optional<PackumentHistory> versions = history;
    List<Path> files = new ArrayList<>();
    // A folder named on the command line is where a Maven repository layout starts, whatever it is called.
    Map<Path, Path> roots = new HashMap<>();
    boolean error = false;
    for (Path path : paths) {
      try {
        for (Path file : artifactsUnder(path)) {
          files.add(file);
          if (Files.isDirectory(path)) {
            roots.put(file, path);
          }
        }
      } catch (IOException | UncheckedIOException e) {
        err.println("gatehouse scan: cannot read " + path + ": " + reason(e));
        error = true;
      }
    }
    Analyzer analyzer = new Analyzer(limits);
    ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "gatehouse-scan");
      t.setDaemon(true);
      return t;
    });
    boolean refused = false;
    try {
      List<Future<ScanResult>> results = new ArrayList<>();
      for (Path file : files) {
        Optional<Path> root = Optional.ofNullable(roots.get(file));
        results.add(workers.submit(() -> scan(file, root, analyzer, limits, policy, versions)));
      }
      for (int i = 0; i < results.size(); i++) {
        ScanResult result = await(results.get(i), files.get(i));
        if (result.error() != null) {
          err.println("gatehouse scan: cannot scan " + result.file() + ": " + result.error());
          error = true;
          continue;
        }
        refused |= result.verdict().decision() != Decision.ALLOW;
        out.println(json ? jsonLine(result) : humanLines(result));
        out.flush();
        if (files.size() > 20 && (i + 1) % 100 == 0) {
          err.printf("gatehouse scan: %d of %d artifacts%n", i + 1, files.size());
          err.flush();
        }
      }
    } finally {
      workers.shutdownNow();
    }
    if (files.size() > 20) {
      err.printf("gatehouse scan: %d artifacts scanned%n", files.size());
    }
    return error ? ERROR : refused ? SOME_REFUSED : ALL_ALLOWED;
  }

  private static ScanResult scan(Path file, Optional<Path> root, Analyzer analyzer, AnalysisLimits limits,
      Policy policy, Optional<PackumentHistory> history) {
    try {
      Optional<ScanTarget> target = ScanTarget.of(file, root, limits);
      if (target.isEmpty()) {
        return ScanResult.failed(file, "not an artifact Gatehouse recognises (jar, war, ear, aar, tgz, whl, tar.gz, zip)");
      }
      long start = System.nanoTime();
      Analysis analysis = analyzer.analyze(file, target.get().kind());
      long millis = (System.nanoTime() - start) / 1_000_000;
      PackageFacts facts = facts(target.get(), history);
      Verdict verdict = policy.decide(target.get().ref(), analysis, facts, List.of(), Clock.systemUTC().instant());
      return new ScanResult(file, target.get(), analysis, facts.metadataFindings(), verdict, millis, null);
    } catch (IOException e) {
      return ScanResult.failed(file, reason(e));
    }
  }

  /** Version-history findings for an npm tarball when a packument was given; nothing otherwise. */
  private static PackageFacts facts(ScanTarget target, Optional<PackumentHistory> history) {
    if (history.isEmpty() || target.kind() != ArtifactKind.NPM_TARBALL) {
      return PackageFacts.none();
    }
    return new PackageFacts(Optional.empty(), history.get().findings(target.ref().version()),
        history.get().established(target.ref().version()));
  }

  private static ScanResult await(Future<ScanResult> future, Path file) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      // An analyzer bug: report it for this file and go on, as the proxy would quarantine it.
      return ScanResult.failed(file, "analysis failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ScanResult.failed(file, "interrupted");
    }
  }

  private static List<Path> artifactsUnder(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new IOException("no such file or folder");
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> ArtifactKind.fromFileName(p.getFileName().toString()).isPresent())
          .sorted()
          .toList();
    }
  }

  private String humanLines(ScanResult r) {
    StringBuilder line = new StringBuilder();
    line.append(String.format("%-10s %s  (%s, rule %s, %d ms)", r.verdict().decision().name(), r.file(),
        r.target().ref().coordinates(), r.verdict().rule(), r.millis()));
    List<Finding> findings = r.findings();
    for (int i = 0; i < findings.size() && i < HUMAN_FINDINGS; i++) {
      Finding f = findings.get(i);
      line.append(System.lineSeparator()).append("    ").append(f.severity().name()).append(' ').append(f.summary());
      String where = f.evidence().where();
      if (!where.isEmpty()) {
        line.append(System.lineSeparator()).append("        at ").append(where);
      }
    }
    if (findings.size() > HUMAN_FINDINGS) {
      line.append(System.lineSeparator()).append("    … and ").append(findings.size() - HUMAN_FINDINGS)
          .append(" more findings (--json lists them all)");
    }
    return line.toString();
  }

  private String jsonLine(ScanResult r) {
    ObjectNode node = mapper.createObjectNode();
    node.put("file", r.file().toString());
    node.put("sha256", r.analysis().sha256());
    node.put("ecosystem", r.target().ref().ecosystem().key());
    node.put("name", r.target().ref().name());
    node.put("version", r.target().ref().version());
    node.put("verdict", r.verdict().decision().key());
    node.put("rule", r.verdict().rule());
    r.verdict().reasons().forEach(node.putArray("reasons")::add);
    node.put("millis", r.millis());
    node.put("analyzerVersion", r.analysis().analyzerVersion());
    node.set("findings", analysisJson.findingsToJson(r.findings()));
    return node.toString();
  }

  private static String reason(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private record ScanResult(Path file, ScanTarget target, Analysis analysis, List<Finding> metadataFindings,
      Verdict verdict, long millis, String error) {
    static ScanResult failed(Path file, String error) {
      return new ScanResult(file, null, null, List.of(), null, 0, error);
    }

    /** The artifact's findings, then those its registry metadata gave. */
    List<Finding> findings() {
      List<Finding> all = new ArrayList<>(analysis.findings());
      all.addAll(metadataFindings);
      return all;
    }
  }
}
