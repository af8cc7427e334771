package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One file as an upstream index lists it (PEP 503 anchor or PEP 691 JSON object), with every attribute a
 * client may rely on, so that Gatehouse's rewritten page keeps them.
 *
 * @param url the absolute upstream URL, without fragment
 * @param hashes hash name to lowercase hex digest (PEP 503 fragment, PEP 691 {@code hashes}), sorted by name
 * @param requiresPython {@code data-requires-python} / {@code requires-python}, unescaped
 * @param yanked PEP 592: absent when not yanked, else the reason, which may be empty
 * @param coreMetadata PEP 658/714: absent when the index serves no {@code .metadata} file, else its hashes
 *     (empty when the index gives none)
 * @param gpgSignature PEP 503 {@code data-gpg-sig}, when the index says
 * @param size PEP 700 {@code size}, when the index gives it
 * @param uploadTime PEP 700 {@code upload-time}, when the index gives it: the cooldown's clock
 */
record IndexFile(String filename, URI url, Map<String, String> hashes, Optional<String> requiresPython,
    Optional<String> yanked, Optional<Map<String, String>> coreMetadata, Optional<Boolean> gpgSignature,
    OptionalLong size, Optional<Instant> uploadTime) {

  IndexFile {
    requireNonNull(filename, "filename");
    requireNonNull(url, "url");
    hashes = Collections.unmodifiableMap(new TreeMap<>(hashes));
    requireNonNull(requiresPython, "requiresPython");
    requireNonNull(yanked, "yanked");
    coreMetadata = coreMetadata.map(h -> Collections.unmodifiableMap(new TreeMap<>(h)));
    requireNonNull(gpgSignature, "gpgSignature");
    requireNonNull(size, "size");
    requireNonNull(uploadTime, "uploadTime");
    if (url.getRawFragment() != null) {
      throw new IllegalArgumentException("a file URL is kept without its fragment: " + url);
    }
  }

  /**
   * The strongest digest Gatehouse verifies downloads against, as {@code name=hex}: SHA-256 (PyPI gives it
   * for every file), else SHA-512. Weaker ones (MD5, SHA-1) are never trusted.
   */
  Optional<Map.Entry<String, String>> verifiableHash() {
    for (String name : new String[] {"sha256", "sha512"}) {
      String hex = hashes.get(name);
      if (hex != null) {
        return Optional.of(Map.entry(name, hex));
      }
    }
    return Optional.empty();
  }
}
