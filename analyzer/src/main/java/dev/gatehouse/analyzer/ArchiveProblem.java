package dev.gatehouse.analyzer;

/** What makes an archive itself untrustworthy, independent of the code inside it. */
public enum ArchiveProblem {
  PATH_TRAVERSAL("path-traversal", "entry name escapes the archive"),
  BOMB("bomb", "archive inflates past a limit"),
  TOO_MANY_ENTRIES("too-many-entries", "archive has too many entries"),
  TOO_DEEP("too-deep", "archives nested too deeply"),
  MALFORMED("malformed", "archive is truncated or malformed"),
  UNREADABLE_ENTRY("unreadable-entry", "an entry could not be read as what it claims to be"),
  RECORD_MISMATCH("record-mismatch", "files differ from the archive's own manifest"),
  METADATA_MISMATCH("metadata-mismatch", "metadata does not match the artifact's name"),
  DIGEST_MISMATCH("digest-mismatch", "bytes differ from the published digest"),
  ANALYSIS_LIMIT("analysis-limit", "analysis stopped at a limit"),
  /**
   * An entry too large to read for analysis that is a native executable or data (ELF, Mach-O, PE, wasm, or
   * a kind of file no analyzer reads): platform packages ship their tool this way. Reported at low
   * severity with its format and size; no default rule holds it, unlike an over-limit file of code.
   */
  LARGE_BINARY("large-binary", "a native binary or data file too large to read");

  private final String key;
  private final String label;

  ArchiveProblem(String key, String label) {
    this.key = key;
    this.label = label;
  }

  public String key() {
    return key;
  }

  public String label() {
    return label;
  }

  /** The problem whose {@link #key()} is {@code key}, or {@code null}. */
  public static ArchiveProblem fromKey(String key) {
    for (ArchiveProblem p : values()) {
      if (p.key.equals(key)) {
        return p;
      }
    }
    return null;
  }
}
