package dev.gatehouse.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/stats/daily} over HTTP; DailyActivityTest covers what is counted. */
class StatsApiTest {
  @TempDir Path tmp;
  private TestGatehouse gatehouse;
  private final ObjectMapper mapper = new ObjectMapper();

  @BeforeEach
  void start() throws Exception {
    gatehouse = TestGatehouse.builder(tmp).clock(TestClock.at(Instant.parse("2026-03-10T15:00:00Z"))).start();
  }

  @AfterEach
  void stop() {
    gatehouse.close();
  }

  @Test
  void answersFourteenDaysEndingTodayByDefault() throws Exception {
    HttpResponse<String> response = gatehouse.adminGet("/api/v1/stats/daily");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode days = mapper.readTree(response.body()).path("days");
    assertThat(days).hasSize(14);
    assertThat(days.get(0).path("day").asText()).isEqualTo("2026-02-25");
    assertThat(days.get(13).path("day").asText()).isEqualTo("2026-03-10");
    assertThat(days.get(13).fieldNames()).toIterable()
        .containsExactly("day", "downloads", "refusals", "quarantined", "open");
  }

  @Test
  void badDaysAndUnknownParametersAreRefusedWithASentence() throws Exception {
    assertThat(mapper.readTree(gatehouse.adminGet("/api/v1/stats/daily?days=3").body()).path("days")).hasSize(3);
    for (String query : new String[] {"days=0", "days=91", "days=abc", "days=99999999999"}) {
      HttpResponse<String> response = gatehouse.adminGet("/api/v1/stats/daily?" + query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(response.body()).as(query).contains("days must be a number from 1 to 90");
    }
    HttpResponse<String> unknown = gatehouse.adminGet("/api/v1/stats/daily?weeks=2");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown parameter \\\"weeks\\\"");
  }

  @Test
  void needsTheTokenLikeEveryAdminResource() throws Exception {
    assertThat(gatehouse.get("/api/v1/stats/daily").statusCode()).isEqualTo(401);
  }

  @Test
  void theQueueFiltersByEcosystemAndRefusesAnUnknownOne() throws Exception {
    HttpResponse<String> npm = gatehouse.adminGet("/api/v1/quarantine?ecosystem=npm&package=pad");
    HttpResponse<String> cargo = gatehouse.adminGet("/api/v1/quarantine?ecosystem=cargo");

    assertThat(npm.statusCode()).isEqualTo(200);
    assertThat(mapper.readTree(npm.body()).path("entries").isArray()).isTrue();
    assertThat(cargo.statusCode()).isEqualTo(400);
    assertThat(cargo.body()).contains("ecosystem must be maven, npm or pypi");
  }
}
