package dev.gatehouse.proxy.npm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.analyzer.fixtures.ArchiveFixture;
import dev.gatehouse.proxy.testing.FakeUpstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/**
 * An npm registry on a {@link FakeUpstream} for tests: packuments built from what was {@link #publish
 * published}, tarballs built from source text with {@link ArchiveFixture}, with correct {@code integrity} and {@code shasum} unless a
 * test {@link #tamper tampers} with one. It can {@link #goDown() go down} (503 for everything) and counts
 * requests by path.
 */
final class FakeNpmRegistry implements AutoCloseable {
  private final FakeUpstream server;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Path scratch;
  private final Map<String, Map<String, Release>> packages = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> distTags = new ConcurrentHashMap<>();
  private final Map<String, byte[]> tarballs = new ConcurrentHashMap<>();
  private final List<RecordedRequest> posts = new CopyOnWriteArrayList<>();
  private volatile String advisories = "{}";
  private final String base;

  /** One published version: its manifest as the packument lists it, and when it was published. */
  record Release(ObjectNode manifest, Instant publishedAt) {}

  FakeNpmRegistry(Path scratch) throws IOException {
    this(scratch, "/");
  }

  /** A registry below {@code base} on its host (a repository manager's npm repository), such as {@code /npm/}. */
  FakeNpmRegistry(Path scratch, String base) throws IOException {
    this.scratch = scratch;
    this.base = base;
    this.server = FakeUpstream.start();
    server.fallback(this::answer);
  }

  /** The registry URL, ending in {@code /}. */
  String url() {
    return server.url(base);
  }

  /** Serves {@code bytes} at {@code path} of the registry's host, outside the registry or in it. */
  void serve(String path, byte[] bytes) {
    tarballs.put(path, bytes.clone());
  }

  /** A version of a package to publish: {@code package.json} is written from the fields given here. */
  Version version(String name, String version) {
    return new Version(name, version);
  }

  final class Version {
    private final String name;
    private final String version;
    private final ObjectNode packageJson = mapper.createObjectNode();
    private final Map<String, String> files = new LinkedHashMap<>();
    private Instant publishedAt = Instant.parse("2020-01-01T00:00:00Z");
    private boolean integrity = true;

    private Version(String name, String version) {
      this.name = name;
      this.version = version;
      packageJson.put("name", name).put("version", version).put("main", "index.js");
      files.put("index.js", "module.exports = '" + name + "@" + version + "';\n");
    }

    Version file(String path, String text) {
      files.put(path, text);
      return this;
    }

    Version dependency(String dependency, String range) {
      packageJson.withObjectProperty("dependencies").put(dependency, range);
      return this;
    }

    /** An {@code optionalDependencies} entry, as a tool names its platform binaries (biome, esbuild, turbo). */
    Version optionalDependency(String dependency, String range) {
      packageJson.withObjectProperty("optionalDependencies").put(dependency, range);
      return this;
    }

    Version script(String script, String command) {
      packageJson.withObjectProperty("scripts").put(script, command);
      return this;
    }

    /** The manifest's {@code repository}, as {@code {"type": "git", "url": url}}. */
    Version repository(String url) {
      packageJson.putObject("repository").put("type", "git").put("url", url);
      return this;
    }

    Version publishedAt(Instant when) {
      this.publishedAt = when;
      return this;
    }

    /** Publishes only {@code dist.shasum}, as packages from before npm 5 have. */
    Version withoutIntegrity() {
      this.integrity = false;
      return this;
    }

    /** Builds the tarball, publishes it, and moves {@code latest} to it. */
    Release publish() throws IOException {
      ArchiveFixture tgz = ArchiveFixture.create().file("package/package.json", mapper.writeValueAsString(packageJson));
      files.forEach((path, text) -> tgz.file("package/" + path, text));
      String bare = name.substring(name.indexOf('/') + 1);
      String file = bare + "-" + version + ".tgz";
      byte[] bytes = Files.readAllBytes(tgz.tarGz(Files.createTempFile(scratch, "fixture-", ".tgz")));
      String tarballPath = base + name + "/-/" + file;
      tarballs.put(tarballPath, bytes);
      ObjectNode manifest = packageJson.deepCopy();
      ObjectNode dist = manifest.withObjectProperty("dist").put("tarball", server.url(tarballPath))
          .put("shasum", hex("SHA-1", bytes));
      if (integrity) {
        dist.put("integrity", "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", bytes)));
      }
      Release release = new Release(manifest, publishedAt);
      packages.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put(version, release);
      distTags.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put("latest", version);
      return release;
    }
  }

  /** The tarball's bytes as the registry serves them. */
  byte[] tarball(String name, String version) {
    String url = packages.get(name).get(version).manifest().path("dist").path("tarball").asText();
    return tarballs.get(url.substring(url.indexOf('/', "http://".length()))).clone();
  }

  void distTag(String name, String tag, String version) {
    distTags.get(name).put(tag, version);
  }

  /** The tarball of {@code name@version} answers other bytes than its packument's integrity says. */
  void tamper(String name, String version) {
    String url = packages.get(name).get(version).manifest().path("dist").path("tarball").asText();
    String path = url.substring(url.indexOf('/', "http://".length()));
    byte[] bytes = tarballs.get(path).clone();
    bytes[bytes.length / 2] ^= 0x55;
    tarballs.put(path, bytes);
  }

  void goDown() {
    server.goDown();
  }

  void comeBack() {
    server.comeBack();
  }

  void answerAdvisories(String json) {
    advisories = json;
  }

  /** How many requests reached {@code path} (decoded, as the request line named it). */
  int requestsFor(String path) {
    return server.hits(path);
  }

  List<RecordedRequest> posts() {
    return List.copyOf(posts);
  }

  private MockResponse answer(RecordedRequest request) {
    String path = FakeUpstream.pathOf(request);
    if ("POST".equals(request.getMethod())) {
      posts.add(request);
      return path.startsWith("/-/npm/v1/security/")
          ? new MockResponse().setHeader("Content-Type", "application/json").setBody(advisories)
          : new MockResponse().setResponseCode(404);
    }
    byte[] tarball = tarballs.get(path);
    if (tarball != null) {
      return new MockResponse().setHeader("Content-Type", "application/octet-stream").setBody(new Buffer().write(tarball));
    }
    Map<String, Release> versions = path.startsWith(base) ? packages.get(path.substring(base.length())) : null;
    if (versions == null) {
      return new MockResponse().setResponseCode(404).setBody("{\"error\":\"Not found\"}");
    }
    return new MockResponse().setHeader("Content-Type", "application/json")
        .setBody(packument(path.substring(base.length())));
  }

  /** The full packument, versions in publication order, as the npm registry writes it. */
  String packument(String name) {
    ObjectNode doc = mapper.createObjectNode();
    doc.put("_id", name).put("name", name).put("description", "a fixture of " + name);
    doc.set("dist-tags", mapper.valueToTree(distTags.get(name)));
    List<Map.Entry<String, Release>> ordered = new ArrayList<>(packages.get(name).entrySet());
    ordered.sort(Map.Entry.comparingByValue((a, b) -> a.publishedAt().compareTo(b.publishedAt())));
    ObjectNode versions = doc.putObject("versions");
    ObjectNode time = mapper.createObjectNode();
    time.put("created", ordered.get(0).getValue().publishedAt().toString());
    time.put("modified", ordered.get(ordered.size() - 1).getValue().publishedAt().toString());
    for (Map.Entry<String, Release> e : ordered) {
      versions.set(e.getKey(), e.getValue().manifest());
      time.put(e.getKey(), e.getValue().publishedAt().toString());
    }
    doc.set("time", time);
    doc.put("readme", "# " + name + "\n\nA package the tests publish.\n");
    doc.putObject("maintainers");
    try {
      return mapper.writeValueAsString(doc);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(String algorithm, byte[] bytes) {
    return HexFormat.of().formatHex(digest(algorithm, bytes));
  }

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
