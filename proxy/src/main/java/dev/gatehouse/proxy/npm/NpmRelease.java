package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One version as its packument describes it, reduced to what the gate and the metadata filter need.
 *
 * @param file the tarball's file name as Gatehouse serves it: the upstream's when it is a plain {@code .tgz}
 *     name, otherwise {@code {name}-{version}.tgz}
 * @param tarball the upstream's {@code dist.tarball}, when it is a valid URL
 * @param integrity {@code dist.integrity}, a Subresource Integrity string
 * @param shasum {@code dist.shasum}, the SHA-1 that older packages publish alone
 * @param hasInstallScript what abbreviated packuments say: the manifest declares {@code preinstall}, {@code
 *     install} or {@code postinstall}, or the registry already said so
 */
record NpmRelease(String version, String file, Optional<URI> tarball, Optional<String> integrity,
    Optional<String> shasum, boolean hasInstallScript) {

  /** The scripts that make a registry say {@code hasInstallScript}. */
  private static final List<String> INSTALL = List.of("preinstall", "install", "postinstall");

  NpmRelease {
    requireNonNull(version, "version");
    requireNonNull(file, "file");
    requireNonNull(tarball, "tarball");
    requireNonNull(integrity, "integrity");
    requireNonNull(shasum, "shasum");
  }

  static NpmRelease of(NpmName name, String version, JsonNode manifest) {
    JsonNode dist = manifest.path("dist");
    Optional<URI> tarball = text(dist, "tarball").flatMap(NpmRelease::uri);
    String upstreamFile = tarball.map(NpmRelease::lastSegment).orElse("");
    String file = NpmPath.FILE.matcher(upstreamFile).matches() ? upstreamFile : name.bare() + "-" + version + ".tgz";
    JsonNode scripts = manifest.path("scripts");
    boolean install = manifest.path("hasInstallScript").asBoolean(false)
        || INSTALL.stream().anyMatch(script -> scripts.path(script).isTextual() && !scripts.path(script).asText().isBlank());
    return new NpmRelease(version, file, tarball, text(dist, "integrity"), text(dist, "shasum"), install);
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
