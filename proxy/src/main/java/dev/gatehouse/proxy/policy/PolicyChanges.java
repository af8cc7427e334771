package dev.gatehouse.proxy.policy;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.gate.Gate;
import dev.gatehouse.core.metadata.HeldListings;
import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.core.store.RefusedFiles;
import dev.gatehouse.core.store.StoredVerdict;
import dev.gatehouse.core.store.VerdictStore;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Policy;
import dev.gatehouse.policy.Verdict;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A policy's dry run: which stored verdicts a candidate policy would change, judged again from their stored
 * analyses (the policy is pure, so nothing is downloaded or stored), and which held metadata documents would list
 * other versions or move {@code latest}. The walk is bounded: at most {@link #MAX_EXAMINED} verdicts and {@link
 * #MAX_DOCUMENTS} documents are looked at, and at most {@link #MAX_LISTED} changes of each kind are listed; the
 * report counts the rest. Blocking.
 */
final class PolicyChanges {
  /** Stored verdicts judged again at most: each costs an analysis read from the database. */
  static final int MAX_EXAMINED = 20_000;
  /** Held documents compared at most. */
  static final int MAX_DOCUMENTS = 2_000;
  /** Changes of each kind listed in a report; the rest are counted. */
  static final int MAX_LISTED = 200;
  private static final int PAGE = 500;

  private final Gate gate;
  private final VerdictStore verdicts;
  private final ReleaseFilter served;
  private final List<HeldListings> listings;

  /** @param served the filter documents are served through, whose refusals and rule for pending releases apply */
  PolicyChanges(Gate gate, VerdictStore verdicts, ReleaseFilter served, List<HeldListings> listings) {
    this.gate = requireNonNull(gate, "gate");
    this.verdicts = requireNonNull(verdicts, "verdicts");
    this.served = requireNonNull(served, "served");
    this.listings = List.copyOf(listings);
  }

  /** What {@code candidate}, named {@code source}, would change compared with {@code current}. */
  PolicyReport compare(Policy current, Policy candidate, String source) throws IOException {
    List<PolicyReport.VerdictChange> changed = new ArrayList<>();
    long examined = 0;
    long unlisted = 0;
    for (long offset = 0; examined < MAX_EXAMINED; offset += PAGE) {
      List<StoredVerdict> page = verdicts.page(offset, PAGE);
      for (StoredVerdict stored : page) {
        if (examined == MAX_EXAMINED) {
          break;
        }
        examined++;
        Optional<Verdict> next = gate.judgeUnder(candidate, stored.ref(), stored.sha256());
        if (next.isEmpty() || sameOutcome(stored.verdict(), next.get())) {
          continue;
        }
        if (changed.size() < MAX_LISTED) {
          PackageRef ref = stored.ref();
          changed.add(new PolicyReport.VerdictChange(ref.ecosystem(), ref.name(), ref.version(), ref.file(),
              stored.verdict().decision(), stored.verdict().rule(), next.get().decision(), next.get().rule()));
        } else {
          unlisted++;
        }
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    long notExamined = Math.max(0, verdicts.count() - examined);
    List<PolicyReport.DocumentChange> documents = new ArrayList<>();
    long documentsUnlisted = 0;
    ReleaseFilter before = served.with(current, served.refusals());
    ReleaseFilter after = served.with(candidate, new JudgedRefusals(candidate));
    int compared = 0;
    for (HeldListings registry : listings) {
      for (String name : registry.packages(MAX_DOCUMENTS - compared)) {
        compared++;
        Optional<PolicyReport.DocumentChange> change = documentChange(registry, name, before, after);
        if (change.isPresent() && documents.size() < MAX_LISTED) {
          documents.add(change.get());
        } else if (change.isPresent()) {
          documentsUnlisted++;
        }
      }
    }
    return new PolicyReport(false, source, current.version(), candidate.version(), changed, examined, notExamined,
        unlisted, documents, documentsUnlisted, 0);
  }

  private static boolean sameOutcome(Verdict a, Verdict b) {
    return a.decision() == b.decision() && a.rule().equals(b.rule());
  }

  private static Optional<PolicyReport.DocumentChange> documentChange(HeldListings registry, String name,
      ReleaseFilter before, ReleaseFilter after) throws IOException {
    Optional<HeldListings.Listing> old = registry.listing(name, before);
    Optional<HeldListings.Listing> next = registry.listing(name, after);
    if (old.isEmpty() || next.isEmpty()) {
      return Optional.empty(); // left the cache meanwhile: its next request is filtered by whichever policy is in force
    }
    Set<String> shown = new TreeSet<>(next.get().versions());
    shown.removeAll(old.get().versions());
    Set<String> hidden = new TreeSet<>(old.get().versions());
    hidden.removeAll(next.get().versions());
    boolean latestMoved = !old.get().latest().equals(next.get().latest());
    if (shown.isEmpty() && hidden.isEmpty() && !latestMoved) {
      return Optional.empty();
    }
    return Optional.of(new PolicyReport.DocumentChange(registry.ecosystem(), next.get().name(), List.copyOf(shown),
        List.copyOf(hidden), old.get().latest(), next.get().latest()));
  }

  /**
   * The refusals a candidate policy would store for a package: each file's latest stored verdict (as {@link
   * VerdictStore#refused} picks it) judged again under the candidate; a file whose analysis is gone keeps its
   * stored decision. A file the candidate quarantines waits for review as it does now, or in the entry the reload
   * would open; one whose entry was rejected stays refused.
   */
  private final class JudgedRefusals implements ReleaseFilter.Refusals {
    private final Policy candidate;
    private final Map<String, RefusedFiles> judged = new HashMap<>();

    JudgedRefusals(Policy candidate) {
      this.candidate = candidate;
    }

    @Override
    public synchronized RefusedFiles of(Ecosystem ecosystem, String name) throws IOException {
      String key = ecosystem.key() + " " + name;
      RefusedFiles known = judged.get(key);
      if (known != null) {
        return known;
      }
      Map<PackageRef, RefusedFiles.Refusal> stored = new HashMap<>();
      RefusedFiles storedFiles = served.refusals().of(ecosystem, name);
      storedFiles.refusals().forEach(r -> stored.put(r.ref(), r));
      Map<PackageRef, StoredVerdict> latest = new LinkedHashMap<>();
      for (StoredVerdict verdict : verdicts.ofPackage(ecosystem, name)) {
        latest.merge(verdict.ref(), verdict, (a, b) -> a.decidedAt().isAfter(b.decidedAt()) ? a : b);
      }
      List<PackageRef> refused = new ArrayList<>();
      List<RefusedFiles.Refusal> refusals = new ArrayList<>();
      for (StoredVerdict verdict : latest.values()) {
        Verdict next = gate.judgeUnder(candidate, verdict.ref(), verdict.sha256()).orElse(verdict.verdict());
        if (next.decision() == Decision.ALLOW) {
          continue;
        }
        RefusedFiles.Refusal was = stored.get(verdict.ref());
        Optional<String> pending = Optional.empty();
        if (next.decision() == Decision.QUARANTINE) {
          pending = was != null && was.decision() == Decision.QUARANTINE ? was.pendingReview()
              : Optional.of("(opened by the reload)");
        }
        refused.add(verdict.ref());
        refusals.add(new RefusedFiles.Refusal(verdict.ref(), next.decision(), next.rule(),
            next.reasons().isEmpty() ? "" : next.reasons().get(0), pending));
      }
      RefusedFiles files = new RefusedFiles(ecosystem, name, refused, refusals);
      judged.put(key, files);
      return files;
    }
  }
}
