package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One version as its packument describes it, reduced to what the gate and the metadata filter need.
 *
 * @param file the tarball's file name as Gatehouse serves it: the upstream's when it is a plain {@code .tgz}
 *     name, otherwise {@code {name}-{version}.tgz}
 * @param tarball the upstream's {@code dist.tarball}, when it is a valid URL
 * @param integrity {@code dist.integrity}, a Subresource Integrity string
 * @param shasum {@code dist.shasum}, the SHA-1 that older packages publish alone
 * @param lifecycleScripts the install-time scripts the manifest declares ({@code preinstall}, {@code install}, ...)
 * @param attested whether {@code dist.attestations} names a provenance statement
 */
record NpmRelease(String version, String file, Optional<URI> tarball, Optional<String> integrity,
    Optional<String> shasum, SortedSet<String> lifecycleScripts, boolean hasInstallScript, boolean attested) {

  /** The scripts npm runs on install, and on {@code prepare} for git dependencies. */
  static final List<String> LIFECYCLE = List.of("preinstall", "install", "postinstall", "preprepare", "prepare",
      "postprepare");
  /** The scripts that make a registry say {@code hasInstallScript}. */
  private static final List<String> INSTALL = List.of("preinstall", "install", "postinstall");

  NpmRelease {
    requireNonNull(version, "version");
    requireNonNull(file, "file");
    requireNonNull(tarball, "tarball");
    requireNonNull(integrity, "integrity");
    requireNonNull(shasum, "shasum");
    lifecycleScripts = Collections.unmodifiableSortedSet(new TreeSet<>(lifecycleScripts));
  }

  static NpmRelease of(NpmName name, String version, JsonNode manifest) {
    JsonNode dist = manifest.path("dist");
    Optional<URI> tarball = text(dist, "tarball").flatMap(NpmRelease::uri);
    String upstreamFile = tarball.map(NpmRelease::lastSegment).orElse("");
    String file = NpmPath.FILE.matcher(upstreamFile).matches() ? upstreamFile : name.bare() + "-" + version + ".tgz";
    TreeSet<String> scripts = new TreeSet<>();
    JsonNode declared = manifest.path("scripts");
    for (String script : LIFECYCLE) {
      if (declared.path(script).isTextual() && !declared.path(script).asText().isBlank()) {
        scripts.add(script);
      }
    }
    boolean install = manifest.path("hasInstallScript").asBoolean(false) || INSTALL.stream().anyMatch(scripts::contains);
    JsonNode attestations = dist.path("attestations");
    boolean attested = attestations.isObject() && !attestations.isEmpty();
    return new NpmRelease(version, file, tarball, text(dist, "integrity"), text(dist, "shasum"), scripts, install,
        attested);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText().strip()) : Optional.empty();
  }

  private static Optional<URI> uri(String text) {
    try {
      URI uri = new URI(text);
      boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      return web && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static String lastSegment(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
