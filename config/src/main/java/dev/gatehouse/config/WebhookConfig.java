package dev.gatehouse.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code webhooks}: where Gatehouse posts its decisions as JSON, which ones, and the secret that signs
 * them.
 *
 * @param url an absolute http(s) URL
 * @param events the events posted, in declaration order, without repeats; never empty
 * @param secret when set, each body is signed with HMAC-SHA256 under it ({@code X-Gatehouse-Signature})
 */
public record WebhookConfig(URI url, List<Event> events, Optional<String> secret) {

  /** The decisions a webhook can be told of. */
  public enum Event {
    /** An artifact was quarantined when first fetched. */
    QUARANTINE,
    /** An artifact was blocked when first fetched. */
    REFUSAL,
    /** A reviewer approved a quarantined artifact. */
    APPROVAL,
    /** A reviewer rejected a quarantined artifact. */
    REJECTION;

    /** The name in {@code gatehouse.yml} and in the JSON body. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public WebhookConfig {
    requireNonNull(url, "url");
    events = events.stream().distinct().sorted().toList();
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a webhook needs at least one event");
    }
    requireNonNull(secret, "secret");
  }

  /** Never prints the secret: configurations end up in logs. */
  @Override
  public String toString() {
    return "WebhookConfig[url=" + url + ", events=" + events + ", secret=" + (secret.isPresent() ? "(set)" : "none")
        + "]";
  }
}
