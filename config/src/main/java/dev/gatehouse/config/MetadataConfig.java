package dev.gatehouse.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code metadata.*}: how the documents clients resolve versions from (npm packuments, PyPI simple pages,
 * {@code maven-metadata.xml}) show releases Gatehouse holds.
 *
 * @param quarantined what a release quarantined pending review does in documents: {@link Quarantined#LIST}
 *     (the default) keeps it, so a client asking for it prints the 403's reason and entry id; {@link
 *     Quarantined#HIDE} leaves it out, so a range resolves to an older release
 */
public record MetadataConfig(Quarantined quarantined) {
  /** The values of {@code metadata.quarantined}. */
  public enum Quarantined {
    LIST,
    HIDE
  }

  public MetadataConfig {
    requireNonNull(quarantined, "quarantined");
  }
}
