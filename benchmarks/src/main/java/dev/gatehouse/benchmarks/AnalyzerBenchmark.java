package dev.gatehouse.benchmarks;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageFacts;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Policy;
import dev.gatehouse.policy.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a first fetch's analysis and decision, on real jars that are always at hand: the libraries
 * Gatehouse itself is built from, as the build left them in the local Maven repository (the classes in
 * this benchmark's own shaded jar are not those jars). Pass {@code -p artifact=/path/to/any.jar} to
 * measure another one.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar AnalyzerBenchmark -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnalyzerBenchmark {
  /** A path below the local Maven repository, or an absolute path to a jar. */
  @Param({
      "org/ow2/asm/asm/9.8/asm-9.8.jar",
      "org/apache/commons/commons-compress/1.27.1/commons-compress-1.27.1.jar",
      "com/fasterxml/jackson/core/jackson-databind/2.18.2/jackson-databind-2.18.2.jar"})
  public String artifact;

  private Path jar;
  private Analyzer analyzer;
  private Policy policy;
  private Analysis analysis;
  private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @Setup
  public void setUp() throws IOException {
    Path local = Path.of(System.getProperty("maven.repo.local",
        Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    jar = Path.of(artifact).isAbsolute() ? Path.of(artifact) : local.resolve(artifact);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is not there; build Gatehouse first or pass -p artifact=/path/to.jar");
    }
    analyzer = new Analyzer(AnalysisLimits.defaults());
    policy = Policy.defaults();
    analysis = analyzer.analyze(jar, ArtifactKind.JAR);
  }

  @Benchmark
  public Analysis analyzeJar() throws IOException {
    return analyzer.analyze(jar, ArtifactKind.JAR);
  }

  @Benchmark
  public Verdict decide() {
    PackageRef ref = new PackageRef(Ecosystem.MAVEN, "org.example:benchmark", "1.0", jar.getFileName().toString());
    return policy.decide(ref, analysis, PackageFacts.none(), List.of(), now);
  }
}
