package dev.gatehouse.proxy.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.gate.DecisionListener;
import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The body and the one line each kind of event is posted with. */
class WebhookEventTest {
  private static final Instant AT = Instant.parse("2026-03-10T11:00:00Z");
  private static final PackageRef LIB = new PackageRef(Ecosystem.MAVEN, "org.example:lib", "1.0", "lib-1.0.jar");
  private static final String SHA = "ab".repeat(32);
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void aBlockIsARefusalWithItsRuleAndFirstReasonOnOneLine() throws Exception {
    Verdict block = Verdict.block("credential-exfiltration", List.of("reads ~/.ssh\nand sends it", "second"));

    WebhookEvent event = WebhookEvent.of(new DecisionListener.Decided(LIB, Optional.of(SHA), block,
        Optional.empty()), AT).orElseThrow();

    JsonNode body = mapper.readTree(event.body(mapper));
    assertThat(body.path("event").asText()).isEqualTo("refusal");
    assertThat(body.path("decision").asText()).isEqualTo("block");
    assertThat(body.path("quarantineId").isNull()).isTrue();
    assertThat(body.path("text").asText()).isEqualTo("Gatehouse blocked maven org.example:lib:1.0 (lib-1.0.jar) by "
        + "rule credential-exfiltration: reads ~/.ssh and sends it");
  }

  @Test
  void anAllowIsNoEvent() {
    assertThat(WebhookEvent.of(new DecisionListener.Decided(LIB, Optional.of(SHA),
        new Verdict(dev.gatehouse.policy.Decision.ALLOW, "no-blocking-findings", List.of()), Optional.empty()), AT))
        .isEmpty();
  }

  @Test
  void aRejectionNamesTheReviewerAndTheReason() throws Exception {
    QuarantineEntry rejected = new QuarantineEntry("q-abcdefghij", LIB, SHA, "f", "build-time-code",
        List.of("processor"), List.of(), QuarantineEntry.Status.REJECTED, AT.minus(Duration.ofHours(1)),
        Optional.of(new QuarantineEntry.Review("ann", "talks to an unknown host", AT)));

    WebhookEvent event = WebhookEvent.of(rejected).orElseThrow();

    JsonNode body = mapper.readTree(event.body(mapper));
    assertThat(body.path("event").asText()).isEqualTo("rejection");
    assertThat(body.path("reviewer").asText()).isEqualTo("ann");
    assertThat(body.path("text").asText()).isEqualTo(
        "ann rejected maven org.example:lib:1.0 (lib-1.0.jar) [q-abcdefghij]: talks to an unknown host");
  }

  @Test
  void retriesWaitLongerEachTimeUpToTheCap() {
    assertThat(List.of(1, 2, 3, 4, 10)).extracting(Webhooks::backoff).containsExactly(Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(30));
  }

  @Test
  void theSignatureIsTheHmacSha256OfTheBodyInHex() {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    assertThat(Webhooks.signature("Jefe", "what do ya want for nothing?".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
}
