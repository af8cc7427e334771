package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A wheel's {@code RECORD} (PEP 376, PEP 427): every file of the wheel with its digest and size, as
 * CSV. Installers trust it to know what they installed; a file missing from it, or whose bytes differ
 * from it, was added or changed after the wheel was built.
 *
 * <p>Digests are {@code sha256=} with unpadded URL-safe base64. {@code RECORD} itself and its signatures
 * ({@code RECORD.jws}, {@code RECORD.p7s}) carry no digest. At most {@link #MAX_FINDINGS} files are
 * reported one by one; the rest are counted in one more finding.
 */
final class WheelRecord {
  static final int MAX_FINDINGS = 20;

  /** One row: a path, its algorithm and digest (empty when none), and its size (-1 when none). */
  record Row(String path, String algorithm, String digest, long size) {}

  /**
   * A file as the wheel holds it.
   *
   * @param size its size in bytes: counted as it inflated, or for a file not read, the size the zip's
   *     central directory declares, which is the size installers extract (Python's zipfile reads that many
   *     bytes and checks their CRC-32)
   * @param sha256 its SHA-256 digest as RECORD writes it (URL-safe base64 without padding), or null for a
   *     file that was not hashed
   * @param sha256Hex the same digest in hex, which some wheel builders write instead, or null
   */
  record Actual(long size, String sha256, String sha256Hex) {
    /** A file not read: only its declared size is known. */
    static Actual unread(long declaredSize) {
      return new Actual(declaredSize, null, null);
    }

    boolean hashed() {
      return sha256 != null;
    }
  }

  private WheelRecord() {}

  static Map<String, Row> parse(String text) {
    Map<String, Row> rows = new TreeMap<>();
    for (String line : text.split("\r?\n|\r")) {
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = csv(line);
      String path = cells.get(0);
      String hash = cells.size() > 1 ? cells.get(1) : "";
      int eq = hash.indexOf('=');
      String algorithm = eq < 0 ? "" : hash.substring(0, eq);
      String digest = eq < 0 ? "" : hash.substring(eq + 1);
      long size = -1;
      if (cells.size() > 2 && !cells.get(2).isBlank()) {
        try {
          size = Long.parseLong(cells.get(2).strip());
        } catch (NumberFormatException notANumber) {
          size = -2;
        }
      }
      rows.put(path, new Row(path, algorithm, digest, size));
    }
    return rows;
  }

  /**
   * Compares the wheel's files with its RECORD at {@code recordPath}: every file must be listed with a
   * digest, hashed files must match it, and every file's size must match the size listed.
   */
  static List<ArchiveFinding> verify(String recordPath, Map<String, Row> rows, Map<String, Actual> files) {
    List<ArchiveFinding> problems = new ArrayList<>();
    int more = 0;
    String infoDir = recordPath.substring(0, recordPath.lastIndexOf('/') + 1);
    for (Map.Entry<String, Actual> file : files.entrySet()) {
      String path = file.getKey();
      if (path.equals(recordPath) || path.equals(infoDir + "RECORD.jws") || path.equals(infoDir + "RECORD.p7s")) {
        continue;
      }
      Row row = rows.get(path);
      String problem = null;
      if (row == null) {
        problem = "file is not listed in " + recordPath + ": installers would place it unrecorded";
      } else if (!row.algorithm().isEmpty() && !row.algorithm().equals("sha256")) {
        continue; // stronger algorithms are allowed by PEP 376; Gatehouse computes sha256 only
      } else if (row.digest().isEmpty()) {
        problem = "file has no digest in " + recordPath;
      } else if (file.getValue().hashed() && !row.digest().equals(file.getValue().sha256())
          && !row.digest().equalsIgnoreCase(file.getValue().sha256Hex())) {
        problem = "file's sha256 differs from " + recordPath + ": it was changed after the wheel was built";
      } else if (row.size() != -1 && row.size() != file.getValue().size()) {
        problem = "file is %d bytes but %s says %d".formatted(file.getValue().size(), recordPath, row.size());
      }
      if (problem != null) {
        if (problems.size() < MAX_FINDINGS) {
          problems.add(ArchiveFinding.of(ArchiveProblem.RECORD_MISMATCH, path, problem));
        } else {
          more++;
        }
      }
    }
    if (more > 0) {
      problems.add(ArchiveFinding.of(ArchiveProblem.RECORD_MISMATCH, recordPath,
          "%d more files differ from %s".formatted(more, recordPath)));
    }
    // Entries with hostile names were refused by the walker, with their own finding: not absent.
    List<String> absent = rows.keySet().stream()
        .filter(p -> !files.containsKey(p) && !p.endsWith("/") && !hostile(p)).toList();
    if (!absent.isEmpty()) {
      String summary = "%s lists %d file%s the wheel does not contain, such as %s".formatted(
          recordPath, absent.size(), absent.size() == 1 ? "" : "s", absent.get(0));
      problems.add(new ArchiveFinding(ArchiveProblem.RECORD_MISMATCH, Severity.LOW, summary,
          new Evidence(recordPath, "", summary)));
    }
    return problems;
  }

  private static boolean hostile(String path) {
    return path.startsWith("/") || path.indexOf('\\') >= 0 || ("/" + path + "/").contains("/../");
  }

  /** One CSV line as Python's {@code csv} module writes it: commas, and double quotes around cells that need them. */
  static List<String> csv(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
