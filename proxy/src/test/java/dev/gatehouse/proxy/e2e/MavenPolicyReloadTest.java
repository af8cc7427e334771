package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy reload changes {@code maven-metadata.xml} without a restart, from the copy the cache holds: a deny entry
 * added hides its version and moves {@code latest} and {@code release}, one removed shows it again; a reload on
 * SIGHUP does the same as the API.
 */
class MavenPolicyReloadTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String METADATA = "org/example/lib/maven-metadata.xml";

  @TempDir Path tmp;
  private FakeMavenRepository upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeMavenRepository();
    upstream.putMetadata("org.example", "lib", NOW.minus(Duration.ofDays(30)), "1.0", "1.1", "2.0");
    gatehouse = TestGatehouse.builder(tmp).maven(upstream.url().toString()).policy("cooldown:\n  minimum-age: 3d\n")
        .yaml("cache:\n  metadataTtl: 5m\n").clock(TestClock.at(NOW)).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  private String metadata() throws Exception {
    HttpResponse<String> response = gatehouse.get("/maven2/" + METADATA);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private void reload(String policy) throws Exception {
    Files.writeString(gatehouse.policyFile(), policy);
    HttpResponse<String> response = gatehouse.admin("POST", "/api/v1/policy/reload", "");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void aDenyEntryAddedByReloadHidesItsVersionAndARemovedOneShowsItAgain() throws Exception {
    assertThat(metadata()).contains("<version>2.0</version>", "<release>2.0</release>");

    reload("""
        deny:
          - { ecosystem: maven, name: "org.example:lib", versions: ["2.0"], reason: "incident 9" }
        """);

    assertThat(metadata()).contains("<release>1.1</release>", "<latest>1.1</latest>")
        .doesNotContain("<version>2.0</version>");

    reload("cooldown:\n  minimum-age: 3d\n");

    assertThat(metadata()).contains("<version>2.0</version>", "<release>2.0</release>");
    assertThat(upstream.requests(METADATA)).as("filtered again from the held copy").isEqualTo(1);
  }

  @Test
  void aLongerCooldownByReloadHoldsTheNewestVersionWhoseDeployTheMetadataDates() throws Exception {
    assertThat(metadata()).contains("<version>2.0</version>");

    reload("cooldown:\n  minimum-age: 60d\n");

    assertThat(metadata()).doesNotContain("<version>2.0</version>").contains("<release>1.1</release>");
  }

  @Test
  void sighupReloadsThePolicyFile() throws Exception {
    assertThat(metadata()).contains("<version>2.0</version>");
    Files.writeString(gatehouse.policyFile(), """
        deny:
          - { ecosystem: maven, name: "org.example:lib", versions: ["2.0"] }
        """);
    gatehouse.gatehouse().reloadOnHangup();

    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String xml = metadata();
    while (xml.contains("<version>2.0</version>") && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      xml = metadata();
    }
    assertThat(xml).doesNotContain("<version>2.0</version>");
  }
}
