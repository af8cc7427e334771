package dev.gatehouse.proxy.gate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.proxy.quarantine.Quarantine;
import dev.gatehouse.proxy.store.AnalysisStore;
import dev.gatehouse.proxy.store.ArtifactStore;
import dev.gatehouse.proxy.store.BlobStore;
import dev.gatehouse.proxy.store.Catalog;
import dev.gatehouse.proxy.store.VerdictStore;

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
