package dev.gatehouse.proxy.gate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.proxy.quarantine.Quarantine;
import dev.gatehouse.proxy.store.AnalysisStore;
import dev.gatehouse.proxy.store.ArtifactStore;
import dev.gatehouse.proxy.store.BlobStore;
import dev.gatehouse.proxy.store.VerdictStore;

/** The stores the {@link Gate} reads and writes, in one value so that wiring them stays readable. */
public record GateStorage(BlobStore blobs, ArtifactStore artifacts, AnalysisStore analyses, VerdictStore verdicts,
    Quarantine quarantine) {
  public GateStorage {
    requireNonNull(blobs, "blobs");
    requireNonNull(artifacts, "artifacts");
    requireNonNull(analyses, "analyses");
    requireNonNull(verdicts, "verdicts");
    requireNonNull(quarantine, "quarantine");
  }
}
