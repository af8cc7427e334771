package dev.gatehouse.core.metadata;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.quarantine.Quarantine;
import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.core.store.RefusedFiles;
import dev.gatehouse.core.store.StoredVerdict;
import dev.gatehouse.core.store.VerdictStore;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.Verdict;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The refusals of one package as the database holds them: each file's latest verdict, and for a quarantine the
 * entry that holds exactly those bytes, so that the {@link ReleaseFilter} can tell a version waiting for review
 * (listed, it answers 403 with its id) from one refused for good (a block, a rejected entry). Thread-safe.
 */
public final class StoredRefusals implements ReleaseFilter.Refusals {
  private final VerdictStore verdicts;
  private final Quarantine quarantine;

  public StoredRefusals(VerdictStore verdicts, Quarantine quarantine) {
    this.verdicts = requireNonNull(verdicts, "verdicts");
    this.quarantine = requireNonNull(quarantine, "quarantine");
  }

  @Override
  public RefusedFiles of(Ecosystem ecosystem, String name) throws IOException {
    List<StoredVerdict> refused = new ArrayList<>();
    for (StoredVerdict stored : verdicts.latest(ecosystem, name)) {
      if (!stored.verdict().allowed()) {
        refused.add(stored);
      }
    }
    // Most packages have no refused file: one query, not two.
    List<QuarantineEntry> entries = refused.isEmpty() ? List.of() : quarantine.ofPackage(ecosystem, name);
    List<RefusedFiles.Refusal> refusals = new ArrayList<>();
    for (StoredVerdict stored : refused) {
      Verdict verdict = stored.verdict();
      Optional<String> pending = verdict.decision() != Decision.QUARANTINE ? Optional.empty()
          : entries.stream()
              .filter(e -> e.ref().equals(stored.ref()) && e.sha256().equals(stored.sha256()))
              .reduce((older, newer) -> newer) // a new finding opened a newer entry for the same bytes
              .filter(QuarantineEntry::pending)
              .map(QuarantineEntry::id);
      refusals.add(new RefusedFiles.Refusal(stored.ref(), verdict.decision(), verdict.rule(),
          verdict.reasons().isEmpty() ? "" : verdict.reasons().get(0), pending));
    }
    return new RefusedFiles(ecosystem, name, refused.stream().map(StoredVerdict::ref).toList(), refusals);
  }
}
