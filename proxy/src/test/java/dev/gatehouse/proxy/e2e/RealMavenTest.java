package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.TestGatehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code mvn} binary builds a tiny project through Gatehouse, without the internet.
 *
 * <p>How Maven gets its plugins offline: the fake upstream serves the test's fixture artifacts and, for every
 * other path, the file of the same path in the machine's local Maven repository ({@code ~/.m2/repository},
 * or {@code -Dmaven.repo.local} of the build running these tests), computing {@code .sha1} files on the
 * fly. Building Gatehouse itself put {@code maven-resources-plugin} and {@code maven-compiler-plugin} at the
 * versions its parent pom pins there, with everything they need, and the test project pins exactly those
 * versions, so this works on a fresh CI machine right after {@code .ci/run} built the project. The
 * {@code settings.xml} mirrors {@code *} to Gatehouse and {@code -Dmaven.repo.local} is an empty temp folder,
 * so every plugin jar flows through the gate too (trusted build plugins under the default policy).
 */
class RealMavenTest {
  /** The plugin versions the parent pom pins, which the build of Gatehouse left in the local repository. */
  /** Longest a tiny build may take on a busy 2-core machine before the test gives up on it. */

  @TempDir Path tmp;
  private FakeMavenRepository upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    Path localRepository = Path.of(System.getProperty("maven.repo.local",
        Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    upstream = new FakeMavenRepository().fallbackTo(localRepository);
    publish("org.example", "greeter", "1.0", FixtureJar.clean("org.example.greeter").build(tmp, "greeter.jar"));
    publish("org.example", "shaper", "1.0", FixtureJar.processor().build(tmp, "shaper.jar"));
    gatehouse = TestGatehouse.builder(tmp).dataDir(tmp.resolve("data")).maven(upstream.url().toString())
        .upstreamReads("2s", 1).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void mvnCompilesAProjectAgainstACleanDependencyThroughGatehouse() throws Exception {
    Path project = project("greeter", """
        package app;
        public class App {
          public static void main(String[] args) {
            System.out.println(new org.example.greeter.Greeter().greet("gatehouse"));
          }
        }
        """);

    MavenProject.Build build = mvn(project);

    assertThat(build.exitCode()).as(build.output()).isZero();
    assertThat(project.resolve("target/classes/app/App.class")).exists();
    assertThat(upstream.requests("org/example/greeter/1.0/greeter-1.0.jar")).isEqualTo(1);
  }

  @Test
  void mvnFailsOnAQuarantinedDependencyAndPrintsWhyAndHowToApprove() throws Exception {
    Path project = project("shaper", """
        package app;
        public class App {}
        """);

    MavenProject.Build build = mvn(project);
    System.out.println("mvn printed:\n" + build.output()); // kept in the surefire report: the line developers see

    assertThat(build.exitCode()).isNotZero();
    assertThat(build.output()).contains("status: 403 org.example:shaper:1.0 (shaper-1.0.jar) quarantined by Gatehouse "
        + "rule build-time-code, quarantine id q-", "pending review: ", "annotation processor");
  }

  /**
   * Issue 12, for Maven: a quarantined version left out of {@code maven-metadata.xml} made a range resolve to the
   * version before it, fetched and analyzed in turn. Now the held newest version stays listed: every build
   * fails on it and prints why, and the older version is never fetched.
   */
  @Test
  void aRangeWhoseNewestVersionIsQuarantinedFailsOnItWithItsReasonAndNeverFetchesAnOlderOne() throws Exception {
    publish("org.example", "shaping", "1.0", FixtureJar.clean("org.example.greeter").build(tmp, "shaping-1.0.jar"));
    publish("org.example", "shaping", "2.0", FixtureJar.processor().build(tmp, "shaping-2.0.jar"));
    upstream.putMetadata("org.example", "shaping", Instant.parse("2024-01-01T00:00:00Z"), "1.0", "2.0");
    Path project = project("shaping", "[1.0,3.0)", """
        package app;
        public class App {}
        """);

    for (int run = 1; run <= 2; run++) {
      MavenProject.Build build = mvn(project);

      assertThat(build.exitCode()).as("run %d:%n%s", run, build.output()).isNotZero();
      assertThat(build.output()).as("run %d", run).contains("status: 403 org.example:shaping:2.0 (shaping-2.0.jar) "
          + "quarantined by Gatehouse rule build-time-code, quarantine id q-");
    }
    assertThat(upstream.requests("org/example/shaping/1.0/shaping-1.0.jar")).isZero();
  }

  @Test
  void aVersionRangeResolvesToTheNewestServedVersionPastDeniedAndTooYoungOnes() throws Exception {
    for (String version : List.of("1.0", "1.5", "2.0")) {
      publish("org.example", "ranged", version,
          FixtureJar.clean("org.example.greeter").build(tmp, "ranged-" + version + ".jar"));
    }
    // 2.0 was deployed an hour ago
    upstream.putMetadata("org.example", "ranged", Instant.now().minus(Duration.ofHours(1)), "1.0", "1.5", "2.0");
    gatehouse.close();
    gatehouse = TestGatehouse.builder(tmp).dataDir(tmp.resolve("data")).maven(upstream.url().toString())
        .upstreamReads("2s", 1).policy("""
            deny:
              - { ecosystem: maven, name: "org.example:ranged", versions: ["1.5"], reason: "compromised" }
            cooldown:
              minimum-age: 3d
            """).start();
    Path project = project("ranged", "[1.0,3.0)", """
        package app;
        public class App {
          public static void main(String[] args) {
            System.out.println(new org.example.greeter.Greeter().greet("gatehouse"));
          }
        }
        """);

    MavenProject.Build build = mvn(project);

    assertThat(build.exitCode()).as(build.output()).isZero();
    assertThat(upstream.requests("org/example/ranged/1.0/ranged-1.0.jar")).isEqualTo(1);
    assertThat(upstream.requests("org/example/ranged/1.5/ranged-1.5.jar")).isZero();
    assertThat(upstream.requests("org/example/ranged/2.0/ranged-2.0.jar")).isZero();
  }

  private void publish(String group, String artifact, String version, Path jar) throws IOException {
    String dir = group.replace('.', '/') + "/" + artifact + "/" + version + "/";
    upstream.put(dir + artifact + "-" + version + ".jar", jar);
    upstream.put(dir + artifact + "-" + version + ".pom", """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>%s</groupId>
          <artifactId>%s</artifactId>
          <version>%s</version>
        </project>
        """.formatted(group, artifact, version).getBytes(StandardCharsets.UTF_8));
  }

  private Path project(String dependency, String appSource) throws IOException {
    return project(dependency, "1.0", appSource);
  }

  private Path project(String dependency, String version, String appSource) throws IOException {
    return MavenProject.create(tmp.resolve("project-" + dependency), gatehouse.port(), dependency, version, appSource,
        "");
  }

  private MavenProject.Build mvn(Path project) throws Exception {
    return MavenProject.compile(project, tmp.resolve("m2-" + project.getFileName()),
        tmp.resolve(project.getFileName() + ".log"));
  }
}
