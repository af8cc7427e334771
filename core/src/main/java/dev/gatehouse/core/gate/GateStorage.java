package dev.gatehouse.core.gate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.quarantine.Quarantine;
import dev.gatehouse.core.store.AnalysisStore;
import dev.gatehouse.core.store.ArtifactStore;
import dev.gatehouse.core.store.BlobStore;
import dev.gatehouse.core.store.Catalog;
import dev.gatehouse.core.store.VerdictStore;

/**
 * The stores the {@link Gate} reads and writes, in one value so that wiring them stays readable; {@code catalog}
 * makes the record writes of one decision one transaction.
 */
public record GateStorage(BlobStore blobs, Catalog catalog, ArtifactStore artifacts, AnalysisStore analyses,
    VerdictStore verdicts, Quarantine quarantine) {
  public GateStorage {
    requireNonNull(catalog, "catalog");
    requireNonNull(blobs, "blobs");
    requireNonNull(artifacts, "artifacts");
    requireNonNull(analyses, "analyses");
    requireNonNull(verdicts, "verdicts");
    requireNonNull(quarantine, "quarantine");
  }
}
