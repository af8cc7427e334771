package dev.gatehouse.policy;

import dev.gatehouse.analyzer.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the ecosystem's metadata says about one package version, beside its bytes: when it was
 * published (for the cooldown) and findings drawn from its history (an npm version that adds an install
 * script its predecessors lacked). Proxies learn these from packuments and index pages; {@code scan}
 * from a {@code --packument} file, or not at all ({@link #none()}).
 *
 * @param publishedAt when the registry says this version was published, if it says so
 * @param metadataFindings findings that come from metadata rather than the artifact's bytes
 * @param establishedHooks install scripts ({@code key: command}) that the version's nearest predecessors
 *     all ran word for word (npm {@code PackumentHistory.established}): the package's long-standing
 *     behaviour, which rules that trust may lift do not hold, as if the package were trusted for that hook
 *     alone. Block rules and rules without {@code trusted-exempt} still apply.
 */
public record PackageFacts(Optional<Instant> publishedAt, List<Finding> metadataFindings,
    List<String> establishedHooks) {
  public PackageFacts {
    publishedAt = publishedAt == null ? Optional.empty() : publishedAt;
    metadataFindings = List.copyOf(metadataFindings);
    establishedHooks = List.copyOf(establishedHooks);
  }

  public PackageFacts(Optional<Instant> publishedAt, List<Finding> metadataFindings) {
    this(publishedAt, metadataFindings, List.of());
  }

  public static PackageFacts none() {
    return new PackageFacts(Optional.empty(), List.of());
  }

  public static PackageFacts publishedAt(Instant when) {
    return new PackageFacts(Optional.of(when), List.of());
  }
}
