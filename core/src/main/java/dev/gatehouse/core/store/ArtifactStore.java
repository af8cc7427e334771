package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Gatehouse knows of each artifact file it fetched ({@link KnownArtifact}), keyed by {@link
 * PackageRef}. Thread-safe.
 */
public final class ArtifactStore {
  /** The most rows one call of {@link #list} returns. */
  public static final int MAX_PAGE = 1000;

  private static final String COLUMNS =
      "ecosystem, name, version, file, sha256, size, upstream_url, first_fetched_at, published_at";

  private final Database db;

  public ArtifactStore(Database db) {
    this.db = requireNonNull(db, "db");
  }

  /**
   * Remembers that {@code artifact.ref()} was fetched as {@code artifact.sha256()}, and returns what is
   * now stored. Fetching the same bytes again keeps the first record, with its earlier {@code
   * firstFetchedAt}. Different bytes under the same file name (a re-published artifact) replace it: they
   * are another artifact, first fetched now, and their verdict is looked up under their own digest.
   */
  public KnownArtifact remember(KnownArtifact artifact) throws IOException {
    requireNonNull(artifact, "artifact");
    return db.transaction("remember the artifact " + artifact.ref(), c -> {
      Optional<KnownArtifact> stored = select(c, artifact.ref());
      if (stored.isPresent() && stored.get().sha256().equals(artifact.sha256())) {
        return stored.get();
      }
      try (PreparedStatement upsert = c.prepareStatement(
          "INSERT INTO artifacts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
              + "ON CONFLICT (ecosystem, name, version, file) DO UPDATE SET sha256 = excluded.sha256, "
              + "size = excluded.size, upstream_url = excluded.upstream_url, "
              + "first_fetched_at = excluded.first_fetched_at, published_at = excluded.published_at")) {
        RefColumns.setRef(upsert, 1, artifact.ref());
        upsert.setString(5, artifact.sha256());
        upsert.setLong(6, artifact.size());
        upsert.setString(7, artifact.upstreamUrl().toString());
        upsert.setLong(8, artifact.firstFetchedAt().toEpochMilli());
        if (artifact.publishedAt().isPresent()) {
          upsert.setLong(9, artifact.publishedAt().get().toEpochMilli());
        } else {
          upsert.setNull(9, Types.BIGINT);
        }
        upsert.executeUpdate();
      }
      return artifact;
    });
  }

  public Optional<KnownArtifact> find(PackageRef ref) throws IOException {
    requireNonNull(ref, "ref");
    return db.read("read the artifact " + ref, c -> select(c, ref));
  }

  /** Every file known to have exactly these bytes (one artifact can be published under several names). */
  public List<KnownArtifact> withSha256(String sha256) throws IOException {
    Sha256.require(sha256);
    return db.read("read the artifacts with sha256 " + sha256, c -> {
      try (PreparedStatement select = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM artifacts WHERE sha256 = ? ORDER BY ecosystem, name, version, file")) {
        select.setString(1, sha256);
        return all(select);
      }
    });
  }

  /** The known files of one package, ordered by version string, then file. */
  public List<KnownArtifact> ofPackage(Ecosystem ecosystem, String name) throws IOException {
    requireNonNull(ecosystem, "ecosystem");
    requireNonNull(name, "name");
    return db.read("read the artifacts of " + ecosystem.key() + " " + name, c -> {
      try (PreparedStatement select = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM artifacts WHERE ecosystem = ? AND name = ? ORDER BY version, file")) {
        select.setString(1, ecosystem.key());
        select.setString(2, name);
        return all(select);
      }
    });
  }

  /** All known artifacts in a stable order, a page at a time (for re-deriving verdicts after a policy change). */
  public List<KnownArtifact> list(int limit, long offset) throws IOException {
    checkPage(limit, offset);
    return db.read("list artifacts", c -> {
      try (PreparedStatement select = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM artifacts ORDER BY ecosystem, name, version, file LIMIT ? OFFSET ?")) {
        select.setInt(1, limit);
        select.setLong(2, offset);
        return all(select);
      }
    });
  }

  private static Optional<KnownArtifact> select(Connection c, PackageRef ref) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM artifacts "
        + "WHERE ecosystem = ? AND name = ? AND version = ? AND file = ?")) {
      RefColumns.setRef(select, 1, ref);
      List<KnownArtifact> found = all(select);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
  }

  private static List<KnownArtifact> all(PreparedStatement select) throws SQLException {
    List<KnownArtifact> artifacts = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        PackageRef ref = RefColumns.ref(rows, 1);
        String url = rows.getString(7);
        try {
          long published = rows.getLong(9);
          Optional<Instant> publishedAt =
              rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(published));
          artifacts.add(new KnownArtifact(ref, rows.getString(5), rows.getLong(6), new URI(url),
              Instant.ofEpochMilli(rows.getLong(8)), publishedAt));
        } catch (URISyntaxException | IllegalArgumentException e) {
          throw new SQLException("stored artifact " + ref + " is unreadable: " + e.getMessage(), e);
        }
      }
    }
    return artifacts;
  }

  private static void checkPage(int limit, long offset) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
  }
}
