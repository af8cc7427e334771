package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code webhooks}: the list read whole, every event by default, and errors that name the key and never the secret. */
class WebhookConfigTest {
  @TempDir Path folder;
  private GatehouseYml yml;
  private String file;

  @BeforeEach
  void writeInto() {
    yml = new GatehouseYml(folder);
    file = yml.file().toString();
  }

  @Test
  void aWebhookIsReadWithItsEventsAndSecret() throws Exception {
    GatehouseConfig config = yml.load("""
        webhooks:
          - url: https://hooks.example.invalid/services/T1/B2
            events: [approval, quarantine]
            secret: a-shared-secret-of-some-length
          - url: http://127.0.0.1:9000/events
        """);

    assertThat(config.webhooks()).containsExactly(
        new WebhookConfig(URI.create("https://hooks.example.invalid/services/T1/B2"),
            List.of(WebhookConfig.Event.QUARANTINE, WebhookConfig.Event.APPROVAL),
            Optional.of("a-shared-secret-of-some-length")),
        new WebhookConfig(URI.create("http://127.0.0.1:9000/events"), List.of(WebhookConfig.Event.values()),
            Optional.empty()));
  }

  @Test
  void anUnknownEventNamesTheKeyAndTheKnownEvents() throws Exception {
    assertThat(yml.error("webhooks:\n  - url: https://h.example.invalid/\n    events: [quarantined]\n"))
        .isEqualTo(file + ": webhooks[0].events[0]: unknown event \"quarantined\"; known: quarantine, refusal, "
            + "approval, rejection");
  }

  @Test
  void aUrlThatIsNotHttpIsRefused() throws Exception {
    assertThat(yml.error("webhooks:\n  - url: ftp://h.example.invalid/\n"))
        .isEqualTo(file + ": webhooks[0].url: not an absolute http(s) URL: \"ftp://h.example.invalid/\"");
  }

  @Test
  void aShortSecretIsRefusedWithoutRepeatingIt() throws Exception {
    assertThat(yml.error("webhooks:\n  - url: https://h.example.invalid/\n    secret: hunter2\n"))
        .isEqualTo(file + ": webhooks[0].secret: must be 16 to 1024 characters");
  }

  @Test
  void theSecretIsNotPrinted() {
    WebhookConfig hook = new WebhookConfig(URI.create("https://h.example.invalid/"),
        List.of(WebhookConfig.Event.REFUSAL), Optional.of("a-shared-secret-of-some-length"));

    assertThat(hook.toString()).doesNotContain("a-shared-secret");
  }
}
