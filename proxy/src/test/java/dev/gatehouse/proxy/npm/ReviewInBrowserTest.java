package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reviewer works the web UI in a real browser: Debian's {@code chromium}, driven by {@code playwright-core}
 * from {@code src/test/browser/review.mjs}, signs in with a token, opens the queue and the entry of an npm package
 * that was quarantined, and approves it with a reason; then the registry serves the tarball. On the way it opens
 * a second entry whose findings quote markup, which must show as text. The packages are npm ones because their
 * fixture registry lives here; the UI treats every ecosystem alike.
 *
 * <p>{@code .ci/run} installs chromium, runs {@code npm ci} in {@code src/test/browser} and sets {@code
 * GATEHOUSE_BROWSER_TEST=required}: then a missing browser, Node or {@code playwright-core} fails the test.
 * Without that variable (a developer's machine) they skip it. The screenshot it takes is
 * {@code target/browser/review.png}; docs/images/review.png in the README is a copy of one.
 */
class ReviewInBrowserTest {
  private static final Path BROWSER_DIR = Path.of("src/test/browser");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final long BROWSER_TIMEOUT_SECONDS = 180;
  private static final String TARBALL = "/npm/native-thing/-/native-thing-1.0.0.tgz";
  private static final String REASON = "Reviewed build.js: it only runs make on the bundled addon sources.";

  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private FakeNpmRegistry upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeNpmRegistry(Files.createDirectories(tmp.resolve("fixtures")));
    upstream.version("native-thing", "0.9.0").publish();
    upstream.version("native-thing", "1.0.0").script("postinstall", "node build.js")
        .file("build.js", "require('child_process').execSync('make all');\n").publish();
    upstream.version("markup-thing", "1.0.0").script("postinstall", "node build.js '<img src=x id=injected>'")
        .file("build.js", "require('child_process').execSync('make all');\n").publish();
    gatehouse = TestGatehouse.builder(Files.createDirectories(tmp.resolve("gatehouse"))).npm(upstream.url())
        .clock(TestClock.at(Instant.parse("2026-12-07T09:30:00Z"))).upstreamReads("10s", 0).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void aReviewerSignsInOpensTheQuarantinedEntryApprovesItWithAReasonAndThenItDownloads() throws Exception {
    String node = tools();
    assertThat(gatehouse.getBytes("/npm/native-thing/-/native-thing-0.9.0.tgz").statusCode()).isEqualTo(200);
    assertThat(gatehouse.get(TARBALL).statusCode()).isEqualTo(403);
    String id = entryId("native-thing");
    assertThat(gatehouse.get("/npm/markup-thing/-/markup-thing-1.0.0.tgz").statusCode()).isEqualTo(403);
    Path screenshot = Files.createDirectories(Path.of("target/browser")).resolve("review.png");
    Files.deleteIfExists(screenshot);

    Result run = run(List.of(node, "review.mjs", gatehouse.url(""),
        TestGatehouse.ADMIN_TOKEN, "native-thing", "1.0.0", REASON, screenshot.toAbsolutePath().toString(),
        "markup-thing"));

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("review: done");
    JsonNode entry = mapper.readTree(gatehouse.adminGet("/api/v1/quarantine/" + id).body());
    assertThat(entry.path("status").asText()).isEqualTo("approved");
    assertThat(entry.path("review").path("reason").asText()).isEqualTo(REASON);
    HttpResponse<byte[]> download = gatehouse.getBytes(TARBALL);
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(upstream.tarball("native-thing", "1.0.0"));
    byte[] png = Files.readAllBytes(screenshot);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
  }

  private String entryId(String name) throws IOException, InterruptedException {
    JsonNode entries = mapper.readTree(gatehouse.adminGet("/api/v1/quarantine?status=pending&package=" + name).body())
        .path("entries");
    assertThat(entries).hasSize(1);
    return entries.get(0).path("id").asText();
  }

  /** Node, chromium and playwright-core: required under .ci/run, a reason to skip elsewhere. */
  private static String tools() {
    boolean required = "required".equals(System.getenv("GATEHOUSE_BROWSER_TEST"));
    String node = onPath("node");
    String missing = node == null ? "node is not on the PATH"
        : !Files.isExecutable(CHROMIUM) ? CHROMIUM + " is missing (apt-get install chromium)"
        : !Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))
            ? "playwright-core is not installed (npm ci in proxy/src/test/browser)" : null;
    if (missing != null) {
      if (required) {
        throw new AssertionError("the browser test is required (GATEHOUSE_BROWSER_TEST=required) but " + missing);
      }
      Assumptions.abort("the browser test needs what .ci/run installs: " + missing);
    }
    return node;
  }

  private static String onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  private record Result(int exit, String output) {}

  private Result run(List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile(tmp, "browser-", ".log");
    Path home = Files.createDirectories(tmp.resolve("home"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(BROWSER_DIR.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("HOME", home.toString()); // chromium's profile and crash files stay in the test's folder
    Process process = builder.start();
    if (!process.waitFor(BROWSER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the browser did not finish within " + BROWSER_TIMEOUT_SECONDS + " s:\n"
          + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log));
  }
}
