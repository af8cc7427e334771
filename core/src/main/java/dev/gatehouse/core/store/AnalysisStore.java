package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.ArtifactKind;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * Analyses keyed by the artifact's SHA-256 and the analyzer version. An analysis depends on nothing
 * else, so one stored analysis serves every package name and every policy that meets those bytes; a new
 * analyzer version simply finds nothing and analyzes again. Thread-safe.
 */
public final class AnalysisStore {
  private final Database db;
  private final Clock clock;
  private final AnalysisJson json = new AnalysisJson();

  public AnalysisStore(Database db, Clock clock) {
    this.db = requireNonNull(db, "db");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Stores {@code analysis}, replacing one stored earlier for the same bytes and analyzer version. */
  public void put(Analysis analysis) throws IOException {
    requireNonNull(analysis, "analysis");
    String findings = json.writeFindings(analysis.findings());
    long now = clock.millis();
    db.transaction("store the analysis of " + analysis.sha256(), c -> {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO analyses (sha256, analyzer_version, kind, findings, analyzed_at) VALUES (?, ?, ?, ?, ?) "
              + "ON CONFLICT (sha256, analyzer_version) DO UPDATE SET "
              + "kind = excluded.kind, findings = excluded.findings, analyzed_at = excluded.analyzed_at")) {
        insert.setString(1, analysis.sha256());
        insert.setInt(2, analysis.analyzerVersion());
        insert.setString(3, AnalysisJson.kindKey(analysis.kind()));
        insert.setString(4, findings);
        insert.setLong(5, now);
        return insert.executeUpdate();
      }
    });
  }

  /** The analysis of {@code sha256} by analyzer {@code analyzerVersion}, if one was stored. */
  public Optional<Analysis> find(String sha256, int analyzerVersion) throws IOException {
    Sha256.require(sha256);
    return db.read("read the analysis of " + sha256, c -> {
      try (PreparedStatement select = c.prepareStatement(
          "SELECT sha256, analyzer_version, kind, findings FROM analyses WHERE sha256 = ? AND analyzer_version = ?")) {
        select.setString(1, sha256);
        select.setInt(2, analyzerVersion);
        return first(select);
      }
    });
  }

  /** The analysis of {@code sha256} by the newest analyzer that looked at it, for reviewers. */
  public Optional<Analysis> latest(String sha256) throws IOException {
    Sha256.require(sha256);
    return db.read("read the analysis of " + sha256, c -> {
      try (PreparedStatement select = c.prepareStatement(
          "SELECT sha256, analyzer_version, kind, findings FROM analyses WHERE sha256 = ? "
              + "ORDER BY analyzer_version DESC LIMIT 1")) {
        select.setString(1, sha256);
        return first(select);
      }
    });
  }

  private Optional<Analysis> first(PreparedStatement select) throws SQLException {
    try (ResultSet rows = select.executeQuery()) {
      if (!rows.next()) {
        return Optional.empty();
      }
      String sha256 = rows.getString(1);
      ArtifactKind kind = AnalysisJson.kindFromKey(rows.getString(3));
      if (kind == null) {
        throw new SQLException("stored analysis of " + sha256 + " has an unknown kind: " + rows.getString(3));
      }
      try {
        return Optional.of(new Analysis(sha256, rows.getInt(2), kind, json.readFindings(rows.getString(4))));
      } catch (IllegalArgumentException e) {
        throw new SQLException("stored analysis of " + sha256 + " is unreadable: " + e.getMessage(), e);
      }
    }
  }
}
