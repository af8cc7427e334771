package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A project's page on an upstream index, read from PEP 503 HTML or PEP 691 JSON: what Gatehouse filters and
 * writes back in either form.
 *
 * @param name the project's name as the index spells it (the normalized name when it gives none)
 * @param files in the index's order
 * @param versions PEP 700 {@code versions}, when the index gives them (JSON, API 1.1 and later)
 */
record ProjectPage(String name, List<IndexFile> files, Optional<List<String>> versions) {
  ProjectPage {
    requireNonNull(name, "name");
    files = List.copyOf(files);
    versions = versions.map(List::copyOf);
  }
}
