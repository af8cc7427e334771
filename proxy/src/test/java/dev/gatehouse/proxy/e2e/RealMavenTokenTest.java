package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code mvn} sends a Gatehouse token as the password of the {@code <server>} whose id is the mirror's,
 * and every artifact it downloads is attributed to the token's name. Anonymous downloads are off: Maven sends
 * credentials only when challenged, and the 401 with {@code WWW-Authenticate: Basic} is that challenge. The fake
 * upstream falls back to the local repository for plugins, as in {@link RealMavenTest}.
 */
class RealMavenTokenTest {

  @TempDir Path tmp;
  private FakeMavenRepository upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    Path localRepository = Path.of(System.getProperty("maven.repo.local",
        Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    upstream = new FakeMavenRepository().fallbackTo(localRepository);
    upstream.put("org/example/greeter/1.0/greeter-1.0.jar",
        FixtureJar.clean("org.example.greeter").build(tmp, "greeter.jar"));
    upstream.put("org/example/greeter/1.0/greeter-1.0.pom", """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>org.example</groupId>
          <artifactId>greeter</artifactId>
          <version>1.0</version>
        </project>
        """.getBytes(StandardCharsets.UTF_8));
    gatehouse = TestGatehouse.builder(tmp).dataDir(tmp.resolve("data")).maven(upstream.url().toString())
        .upstreamReads("2s", 1).yaml("auth:\n  anonymous: false\n").start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void mvnWithTheTokenAsServerPasswordBuildsAndItsDownloadsAreAttributedToTheToken() throws Exception {
    String token = gatehouse.issueToken("backend-ci", "reader");
    Path project = project("""
        <servers>
          <server>
            <id>gatehouse</id>
            <username>whoever</username>
            <password>%s</password>
          </server>
        </servers>
        """.formatted(token));

    MavenProject.Build build = mvn(project);

    assertThat(build.exitCode()).as(build.output()).isZero();
    JsonNode events = new ObjectMapper().readTree(gatehouse.auditTrail("package=org.example:greeter")).path("events");
    assertThat(events.findValuesAsText("file")).contains("greeter-1.0.jar");
    assertThat(events.findValuesAsText("user")).containsOnly("backend-ci");
  }

  @Test
  void withAnonymousDownloadsOnMavenSendsTheTokenOnlyWhenToldToSendItUpFront() throws Exception {
    gatehouse.close();
    gatehouse = TestGatehouse.builder(tmp).dataDir(tmp.resolve("data")).maven(upstream.url().toString())
        .upstreamReads("2s", 1).start();
    String token = gatehouse.issueToken("release-ci", "reader");
    // Maven answers no challenge that never comes: with anonymous downloads on, only a header it sends on every
    // request attributes its downloads.
    Path project = project("""
        <servers>
          <server>
            <id>gatehouse</id>
            <configuration>
              <httpHeaders>
                <property>
                  <name>Authorization</name>
                  <value>Bearer %s</value>
                </property>
              </httpHeaders>
            </configuration>
          </server>
        </servers>
        """.formatted(token));

    MavenProject.Build build = mvn(project);

    assertThat(build.exitCode()).as(build.output()).isZero();
    JsonNode events = new ObjectMapper().readTree(gatehouse.auditTrail("package=org.example:greeter")).path("events");
    assertThat(events.findValuesAsText("file")).contains("greeter-1.0.jar");
    assertThat(events.findValuesAsText("user")).containsOnly("release-ci");
  }

  @Test
  void mvnWithoutCredentialsIsRefusedWhenAnonymousDownloadsAreOff() throws Exception {
    MavenProject.Build build = mvn(project(""));

    assertThat(build.exitCode()).isNotZero();
    assertThat(build.output()).contains("401");
    assertThat(upstream.requests("org/example/greeter/1.0/greeter-1.0.jar")).isZero();
  }

  private Path project(String servers) throws Exception {
    return MavenProject.create(tmp.resolve("project"), gatehouse.port(), "greeter", "1.0",
        "package app;\npublic class App { String s = new org.example.greeter.Greeter().greet(\"x\"); }\n", servers);
  }

  private MavenProject.Build mvn(Path project) throws Exception {
    return MavenProject.compile(project, tmp.resolve("m2"), tmp.resolve("mvn.log"));
  }
}
