package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import dev.gatehouse.proxy.webhook.Webhooks;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks over real sockets, with npm packages as the fixtures and a receiver on 127.0.0.1: a quarantine and its
 * approval are posted as signed JSON with a Slack-style {@code text}; a receiver that fails twice gets the event on
 * the third try; a receiver that holds its request does not hold up downloads.
 */
class WebhookDeliveryTest {
  private static final String SECRET = "webhook-secret-0123456789";
  private static final Pattern QUARANTINE_ID = Pattern.compile("q-[a-z2-7]{10}");

  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private FakeNpmRegistry upstream;
  private MockWebServer receiver;
  private TestGatehouse gatehouse;

  @BeforeEach
  void publish() throws Exception {
    upstream = new FakeNpmRegistry(tmp);
    for (String name : List.of("hooky", "grabby")) {
      upstream.version(name, "1.0.0").publishedAt(Instant.parse("2024-01-01T00:00:00Z"))
          .script("postinstall", "node build.js")
          .file("build.js", "require('child_process').execSync('make all');\n").publish();
    }
    receiver = new MockWebServer();
  }

  @AfterEach
  void stop() throws Exception {
    if (gatehouse != null) {
      gatehouse.close();
    }
    receiver.shutdown();
    upstream.close();
  }

  private void start(Function<RecordedRequest, MockResponse> answer) throws Exception {
    receiver.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer.apply(request);
      }
    });
    receiver.start(java.net.InetAddress.getLoopbackAddress(), 0);
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url()).clock(TestClock.at(Instant.parse("2024-06-01T00:00:00Z")))
        .upstreamReads("10s", 0)
        .yaml("""
            webhooks:
              - url: %s
                events: [quarantine, approval]
                secret: %s
            """.formatted(receiver.url("/hook"), SECRET))
        .start();
  }

  private RecordedRequest next() throws InterruptedException {
    RecordedRequest request = receiver.takeRequest(30, TimeUnit.SECONDS);
    assertThat(request).as("a webhook delivery within 30 s").isNotNull();
    return request;
  }

  @Test
  void aQuarantineAndItsApprovalArePostedSignedWithAReadableLine() throws Exception {
    start(request -> new MockResponse().setResponseCode(200));

    HttpResponse<String> refused = gatehouse.get("/npm/hooky/-/hooky-1.0.0.tgz");
    assertThat(refused.statusCode()).isEqualTo(403);
    RecordedRequest quarantined = next();

    byte[] body = quarantined.getBody().readByteArray();
    assertThat(quarantined.getHeader(Webhooks.SIGNATURE)).isEqualTo(Webhooks.signature(SECRET, body));
    assertThat(quarantined.getHeader("X-Gatehouse-Event")).isEqualTo("quarantine");
    JsonNode event = mapper.readTree(body);
    Matcher id = QUARANTINE_ID.matcher(refused.body());
    assertThat(id.find()).isTrue();
    assertThat(event.path("event").asText()).isEqualTo("quarantine");
    assertThat(event.path("package").asText()).isEqualTo("hooky");
    assertThat(event.path("version").asText()).isEqualTo("1.0.0");
    assertThat(event.path("file").asText()).isEqualTo("hooky-1.0.0.tgz");
    assertThat(event.path("sha256").asText()).hasSize(64);
    assertThat(event.path("rule").asText()).isEqualTo("install-time-code");
    assertThat(event.path("quarantineId").asText()).isEqualTo(id.group());
    assertThat(event.path("text").asText()).startsWith("Gatehouse quarantined npm hooky@1.0.0 (hooky-1.0.0.tgz) "
        + "by rule install-time-code [" + id.group() + "]: ").doesNotContain("\n");

    HttpResponse<String> approved = gatehouse.admin("POST", "/api/v1/quarantine/" + id.group() + "/approve",
        "{\"reason\": \"reviewed build.js\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    JsonNode approval = mapper.readTree(next().getBody().readUtf8());
    assertThat(approval.path("event").asText()).isEqualTo("approval");
    assertThat(approval.path("quarantineId").asText()).isEqualTo(id.group());
    assertThat(approval.path("reason").asText()).isEqualTo("reviewed build.js");
    assertThat(approval.path("reviewer").asText()).isNotBlank();
    assertThat(approval.path("text").asText()).contains("approved npm hooky@1.0.0", "reviewed build.js");
  }

  @Test
  void aReceiverThatFailsTwiceGetsTheEventOnTheThirdTryWithTheSameDeliveryId() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    start(request -> new MockResponse().setResponseCode(tries.incrementAndGet() <= 2 ? 500 : 204));

    assertThat(gatehouse.get("/npm/hooky/-/hooky-1.0.0.tgz").statusCode()).isEqualTo(403);

    RecordedRequest first = next();
    RecordedRequest second = next();
    RecordedRequest third = next();
    assertThat(List.of(first, second, third)).extracting(r -> r.getHeader("X-Gatehouse-Delivery")).containsOnly(
        first.getHeader("X-Gatehouse-Delivery"));
    assertThat(third.getBody().readString(StandardCharsets.UTF_8)).contains("\"event\":\"quarantine\"");
    assertThat(receiver.takeRequest(3, TimeUnit.SECONDS)).as("no fourth try after a success").isNull();
    assertThat(tries.get()).isEqualTo(3);
  }

  @Test
  void aReceiverThatHoldsItsRequestDoesNotHoldUpDownloads() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    start(request -> {
      holding.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new MockResponse().setResponseCode(200);
    });
    try {
      assertThat(gatehouse.get("/npm/hooky/-/hooky-1.0.0.tgz").statusCode()).isEqualTo(403);
      assertThat(holding.await(30, TimeUnit.SECONDS)).as("the receiver holds the first event").isTrue();

      // While the receiver holds the first delivery unanswered, another quarantine and a clean package are served.
      assertThat(gatehouse.get("/npm/grabby/-/grabby-1.0.0.tgz").statusCode()).isEqualTo(403);
      assertThat(gatehouse.get("/npm/hooky").statusCode()).isEqualTo(200);
      assertThat(release.getCount()).as("the receiver has still not answered").isEqualTo(1);
    } finally {
      release.countDown();
    }
    assertThat(List.of(next(), next())).extracting(r -> mapper.readTree(r.getBody().readUtf8()).path("package")
        .asText()).containsExactlyInAnyOrder("hooky", "grabby");
  }
}
