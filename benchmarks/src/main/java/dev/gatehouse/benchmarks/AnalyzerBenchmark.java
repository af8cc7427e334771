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
import java.net.URISyntaxException;
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
 * Gatehouse itself is built from. Pass {@code -p artifact=/path/to/any.jar} to measure another one.
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
  /** {@code asm}, {@code commons-compress}, {@code jackson-databind}, or a path to a jar. */
  @Param({"asm", "commons-compress", "jackson-databind"})
  public String artifact;

  private Path jar;
  private Analyzer analyzer;
  private Policy policy;
  private Analysis analysis;
  private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @Setup
  public void setUp() throws IOException {
    jar = switch (artifact) {
      case "asm" -> jarOf(org.objectweb.asm.ClassReader.class);
      case "commons-compress" -> jarOf(org.apache.commons.compress.archivers.zip.ZipFile.class);
      case "jackson-databind" -> jarOf(com.fasterxml.jackson.databind.ObjectMapper.class);
      default -> Path.of(artifact);
    };
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
    PackageRef ref = new PackageRef(Ecosystem.MAVEN, "org.example:" + artifact, "1.0", "x.jar");
    return policy.decide(ref, analysis, PackageFacts.none(), List.of(), now);
  }

  private static Path jarOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("no jar for " + type, e);
    }
  }
}
