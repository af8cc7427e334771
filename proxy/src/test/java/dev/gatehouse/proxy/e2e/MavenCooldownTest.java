package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cooldown for Maven, which records no time per version: {@code maven-metadata.xml}'s {@code lastUpdated} dates
 * the version the last deploy added, and that version is refused when fetched directly while younger than the
 * cooldown, as it is left out of the document, before a byte of it is downloaded. Older versions are served.
 */
class MavenCooldownTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String OLD_JAR = "org/example/lib/1.0/lib-1.0.jar";
  private static final String NEW_JAR = "org/example/lib/2.0/lib-2.0.jar";

  @TempDir Path tmp;
  private FakeMavenRepository upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeMavenRepository();
    upstream.putMetadata("org.example", "lib", NOW.minus(Duration.ofHours(5)), "1.0", "2.0");
    upstream.put(OLD_JAR, FixtureJar.clean("org.example.old").build(tmp, "old.jar"));
    upstream.put(NEW_JAR, FixtureJar.clean("org.example.fresh").build(tmp, "new.jar"));
    gatehouse = TestGatehouse.builder(tmp).maven(upstream.url().toString()).policy("cooldown:\n  minimum-age: 1d\n")
        .clock(TestClock.at(NOW)).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void theVersionTheLastDeployAddedIsRefusedUntilItIsOlderThanTheCooldown() throws Exception {
    HttpResponse<String> young = gatehouse.get("/maven2/" + NEW_JAR);

    assertThat(young.statusCode()).isEqualTo(403);
    assertThat(young.body()).contains("by rule cooldown", "cooldown.minimum-age is 1d");
    assertThat(upstream.requests(NEW_JAR)).isZero();
    assertThat(gatehouse.get("/maven2/" + OLD_JAR).statusCode()).isEqualTo(200);

    gatehouse.clock().advance(Duration.ofDays(1));

    assertThat(gatehouse.get("/maven2/" + NEW_JAR).statusCode()).isEqualTo(200);
  }

  @Test
  void withTheCooldownOffNoMetadataIsAskedForAnArtifact() throws Exception {
    HttpResponse<String> reload = reloadWith("cooldown:\n  minimum-age: 0s\n");
    assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);

    assertThat(gatehouse.get("/maven2/" + NEW_JAR).statusCode()).isEqualTo(200);
    assertThat(upstream.requests("org/example/lib/maven-metadata.xml")).isZero();
  }

  private HttpResponse<String> reloadWith(String policy) throws Exception {
    java.nio.file.Files.writeString(gatehouse.policyFile(), policy);
    return gatehouse.admin("POST", "/api/v1/policy/reload", "");
  }
}
