package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Verdicts keyed by artifact file and bytes ({@link PackageRef} + SHA-256), with the policy and analyzer
 * versions they were derived under. Look-ups by key go through a bounded in-memory cache ({@code
 * cache.verdictCacheSize}) because every artifact request asks; a miss is not cached, since it leads to a
 * download and a {@link #put} anyway. Thread-safe.
 *
 * <p>Every {@link #put} is published on {@link VerdictChanges} after its commit, and a cached verdict that a change
 * replaced is dropped, so stores that share the port never serve a verdict another writer has replaced (an
 * approval, a re-derivation after a policy change). Stores that do not share it see another store's puts only for
 * keys they have not cached.
 */
public final class VerdictStore {
  /** The most rows one call of {@link #stale} returns. */
  public static final int MAX_PAGE = 1000;

  private static final String COLUMNS = "ecosystem, name, version, file, sha256, decision, rule, reasons, "
      + "policy_version, analyzer_version, decided_at, valid_until";
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Database db;
  private final Cache<Key, StoredVerdict> cache;
  private final VerdictChanges changes;
  private final ObjectMapper mapper = new ObjectMapper();

  private record Key(PackageRef ref, String sha256) {}

  /** A store that tells no other store of its changes; see {@link #VerdictStore(Database, long, VerdictChanges)}. */
  public VerdictStore(Database db, long cacheSize) {
    this(db, cacheSize, VerdictChanges.local());
  }

  /**
   * @param cacheSize verdicts kept in memory ({@code cache.verdictCacheSize}); 0 disables the cache
   * @param changes where this store publishes its puts and hears of other writers' puts
   */
  public VerdictStore(Database db, long cacheSize, VerdictChanges changes) {
    this.db = requireNonNull(db, "db");
    this.changes = requireNonNull(changes, "changes");
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cache.verdictCacheSize must not be negative, was " + cacheSize);
    }
    // Maintenance on the calling thread: evictions happen at once, so the bound holds exactly and a size
    // of 0 caches nothing (with the default executor an entry could linger until a pool thread ran).
    this.cache = Caffeine.newBuilder().maximumSize(cacheSize).executor(Runnable::run).build();
    changes.subscribe(this::replaced);
  }

  /** Drops a cached verdict that {@code changed} replaced; the next look-up reads the database. */
  private void replaced(StoredVerdict changed) {
    cache.asMap().computeIfPresent(new Key(changed.ref(), changed.sha256()),
        (key, cached) -> cached.equals(changed) ? cached : null);
  }

  /** Stores {@code verdict}, replacing the one stored for the same file and bytes. */
  public void put(StoredVerdict verdict) throws IOException {
    requireNonNull(verdict, "verdict");
    String reasons = writeReasons(verdict.verdict().reasons());
    db.transaction("store the verdict on " + verdict.ref(), c -> {
      try (PreparedStatement upsert = c.prepareStatement(
          "INSERT INTO verdicts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
              + "ON CONFLICT (ecosystem, name, version, file, sha256) DO UPDATE SET "
              + "decision = excluded.decision, rule = excluded.rule, reasons = excluded.reasons, "
              + "policy_version = excluded.policy_version, analyzer_version = excluded.analyzer_version, "
              + "decided_at = excluded.decided_at, valid_until = excluded.valid_until")) {
        RefColumns.setRef(upsert, 1, verdict.ref());
        upsert.setString(5, verdict.sha256());
        upsert.setString(6, verdict.verdict().decision().name());
        upsert.setString(7, verdict.verdict().rule());
        upsert.setString(8, reasons);
        upsert.setString(9, verdict.policyVersion());
        upsert.setInt(10, verdict.analyzerVersion());
        upsert.setLong(11, verdict.decidedAt().toEpochMilli());
        if (verdict.until().isPresent()) {
          upsert.setLong(12, verdict.until().get().toEpochMilli());
        } else {
          upsert.setNull(12, java.sql.Types.BIGINT);
        }
        return upsert.executeUpdate();
      }
    });
    // After the commit (of the unit of work, when one is open): a reader must never see in memory what the
    // database might not hold, and nobody hears of a verdict that a rollback takes back.
    db.afterCommit(() -> {
      cache.put(new Key(verdict.ref(), verdict.sha256()), verdict);
      changes.publish(verdict);
    });
  }

  /** The verdict stored for {@code ref} with bytes {@code sha256}, whatever it was derived under. */
  public Optional<StoredVerdict> find(PackageRef ref, String sha256) throws IOException {
    requireNonNull(ref, "ref");
    Key key = new Key(ref, Sha256.require(sha256));
    StoredVerdict cached = cache.getIfPresent(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    List<StoredVerdict> found = db.read("read the verdict on " + ref, c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM verdicts "
          + "WHERE ecosystem = ? AND name = ? AND version = ? AND file = ? AND sha256 = ?")) {
        RefColumns.setRef(select, 1, ref);
        select.setString(5, sha256);
        return all(select);
      }
    });
    if (found.isEmpty()) {
      return Optional.empty();
    }
    // putIfAbsent: a put() that committed while this read ran holds the newer verdict; keep it.
    StoredVerdict newer = cache.asMap().putIfAbsent(key, found.get(0));
    return Optional.of(newer != null ? newer : found.get(0));
  }

  /** Every stored verdict on the files of one package, by version, file and time of decision. */
  public List<StoredVerdict> ofPackage(Ecosystem ecosystem, String name) throws IOException {
    requireNonNull(ecosystem, "ecosystem");
    requireNonNull(name, "name");
    return db.read("read the verdicts on " + ecosystem.key() + " " + name, c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM verdicts "
          + "WHERE ecosystem = ? AND name = ? ORDER BY version, file, decided_at, sha256")) {
        select.setString(1, ecosystem.key());
        select.setString(2, name);
        return all(select);
      }
    });
  }

  /**
   * The latest stored verdict on each file of one package, by version and file. When a file was fetched with
   * different bytes over time, the verdict decided last counts; on a tie the more restrictive one does.
   */
  public List<StoredVerdict> latest(Ecosystem ecosystem, String name) throws IOException {
    Map<PackageRef, StoredVerdict> latest = new LinkedHashMap<>();
    for (StoredVerdict verdict : ofPackage(ecosystem, name)) {
      latest.merge(verdict.ref(), verdict, VerdictStore::later);
    }
    return List.copyOf(latest.values());
  }

  /**
   * The files of one package whose {@link #latest} verdict is QUARANTINE or BLOCK, for metadata filters. Nothing
   * here knows of reviews, so no refusal is pending review ({@code core.metadata.StoredRefusals} adds that).
   */
  public RefusedFiles refused(Ecosystem ecosystem, String name) throws IOException {
    List<PackageRef> refused = new ArrayList<>();
    List<RefusedFiles.Refusal> refusals = new ArrayList<>();
    for (StoredVerdict stored : latest(ecosystem, name)) {
      Verdict verdict = stored.verdict();
      if (verdict.decision() != Decision.ALLOW) {
        refused.add(stored.ref());
        refusals.add(new RefusedFiles.Refusal(stored.ref(), verdict.decision(), verdict.rule(),
            verdict.reasons().isEmpty() ? "" : verdict.reasons().get(0), Optional.empty()));
      }
    }
    return new RefusedFiles(ecosystem, name, refused, refusals);
  }

  /**
   * Verdicts not derived under {@code policyVersion} and {@code analyzerVersion}, oldest decision first, at
   * most {@code limit}: the work left after a policy or analyzer change. Each re-derived verdict that is
   * {@link #put} drops out of the next call.
   */
  public List<StoredVerdict> stale(String policyVersion, int analyzerVersion, int limit) throws IOException {
    requireNonNull(policyVersion, "policyVersion");
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", was " + limit);
    }
    return db.read("find verdicts to derive again", c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM verdicts "
          + "WHERE policy_version <> ? OR analyzer_version <> ? "
          + "ORDER BY decided_at, ecosystem, name, version, file, sha256 LIMIT ?")) {
        select.setString(1, policyVersion);
        select.setInt(2, analyzerVersion);
        select.setInt(3, limit);
        return all(select);
      }
    });
  }

  /**
   * Stored verdicts in a stable order (ecosystem, name, version, file, bytes), {@code limit} at most from {@code
   * offset}: for walking every verdict page by page (a policy's dry run).
   */
  public List<StoredVerdict> page(long offset, int limit) throws IOException {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
    return db.read("read a page of verdicts", c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM verdicts "
          + "ORDER BY ecosystem, name, version, file, sha256 LIMIT ? OFFSET ?")) {
        select.setInt(1, limit);
        select.setLong(2, offset);
        return all(select);
      }
    });
  }

  /** How many verdicts are stored. */
  public long count() throws IOException {
    return db.read("count the verdicts", c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM verdicts");
          ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0L;
      }
    });
  }

  private static StoredVerdict later(StoredVerdict a, StoredVerdict b) {
    int byTime = a.decidedAt().compareTo(b.decidedAt());
    if (byTime != 0) {
      return byTime > 0 ? a : b;
    }
    return a.verdict().decision().compareTo(b.verdict().decision()) >= 0 ? a : b;
  }

  private List<StoredVerdict> all(PreparedStatement select) throws SQLException {
    List<StoredVerdict> verdicts = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        PackageRef ref = RefColumns.ref(rows, 1);
        try {
          Decision decision = Decision.valueOf(rows.getString(6).toUpperCase(Locale.ROOT));
          Verdict verdict = new Verdict(decision, rows.getString(7), mapper.readValue(rows.getString(8), STRINGS));
          long until = rows.getLong(12);
          Optional<Instant> expires = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(until));
          verdicts.add(new StoredVerdict(ref, rows.getString(5), verdict, rows.getString(9), rows.getInt(10),
              Instant.ofEpochMilli(rows.getLong(11)), expires));
        } catch (JsonProcessingException | IllegalArgumentException e) {
          throw new SQLException("stored verdict on " + ref + " is unreadable: " + e.getMessage(), e);
        }
      }
    }
    return verdicts;
  }

  private String writeReasons(List<String> reasons) {
    try {
      return mapper.writeValueAsString(reasons);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serializes", e);
    }
  }
}
