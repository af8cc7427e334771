package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A project page as Gatehouse serves it: the upstream's files that survived filtering, each with the
 * Gatehouse URL that replaces its upstream URL.
 *
 * @param versions PEP 700 {@code versions}, when the upstream gave them, without those filtered away
 * @param removed how many upstream files were left out, for the {@code X-Gatehouse-Filtered} header
 */
record Listing(String name, List<Entry> files, Optional<List<String>> versions, int removed) {
  /**
   * One file.
   *
   * @param href the Gatehouse URL relative to the project page, without fragment
   */
  record Entry(IndexFile file, String href) {
    Entry {
      requireNonNull(file, "file");
      requireNonNull(href, "href");
    }
  }

  Listing {
    requireNonNull(name, "name");
    files = List.copyOf(files);
    versions = versions.map(List::copyOf);
  }

  /** PEP 700: version 1.1 promises {@code versions} and every file's {@code size}. */
  String apiVersion() {
    return versions.isPresent() && files.stream().allMatch(e -> e.file().size().isPresent()) ? "1.1" : "1.0";
  }
}
