package dev.gatehouse.proxy.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.FakeUpstream;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code pip} sends a Gatehouse token as the password of the index URL's credentials
 * ({@code http://user:TOKEN@host/pypi/simple/}); its downloads are attributed to the token's name, not to the user
 * part it chose. Anonymous downloads are off, so a pip without credentials is refused. Wheels only
 * ({@code --only-binary=:all:}), downloaded and never installed; pip's environment is isolated as in
 * {@link PipClientTest}.
 */
class PipTokenTest {
  private static final long PIP_TIMEOUT_SECONDS = 180;

  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private FakeUpstream upstream;
  private TestGatehouse gatehouse;
  private WheelFixture wheel;

  @BeforeEach
  void start() throws Exception {
    upstream = FakeUpstream.start();
    gatehouse = TestGatehouse.builder(Files.createDirectories(tmp.resolve("gatehouse")))
        .pypi(upstream.url("/simple/"), upstream.url("/files/")).blockingThreads(8)
        .yaml("auth:\n  anonymous: false\n").start();
    wheel = WheelFixture.of("demo_pkg", "1.0").file("demo_pkg/__init__.py", "def greet(name):\n    return name\n");
    byte[] bytes = wheel.bytes();
    upstream.text("/simple/demo-pkg/", "application/vnd.pypi.simple.v1+json", """
        {"meta": {"api-version": "1.1"}, "name": "demo-pkg", "versions": ["1.0"], "files": [
          {"filename": "%s", "url": "../../files/%1$s", "hashes": {"sha256": "%s"}, "requires-python": ">=3.7",
           "size": %d, "upload-time": "2024-01-01T00:00:00Z"}]}
        """.formatted(wheel.fileName(), WheelFixture.sha256Hex(bytes), bytes.length));
    upstream.body("/files/" + wheel.fileName(), "application/octet-stream", bytes);
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void pipWithTheTokenInTheIndexUrlDownloadsAndIsAttributedToTheTokensName() throws Exception {
    String token = gatehouse.issueToken("data-team", "reader");
    Path downloads = tmp.resolve("downloads");

    Pip result = pip(downloads, "http://someone-else:" + token + "@127.0.0.1:" + gatehouse.port() + "/pypi/simple/");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(Files.readAllBytes(downloads.resolve(wheel.fileName()))).isEqualTo(wheel.bytes());
    JsonNode events = mapper.readTree(gatehouse.auditTrail("ecosystem=pypi")).path("events");
    assertThat(events.findValuesAsText("file")).contains(wheel.fileName());
    assertThat(events.findValuesAsText("user")).containsOnly("data-team");
  }

  @Test
  void pipWithoutCredentialsIsRefusedWhenAnonymousDownloadsAreOff() throws Exception {
    Pip result = pip(tmp.resolve("downloads"), gatehouse.url("/pypi/simple/"));

    // pip reads a 401 on an index page as a project without files (with --no-input it asks nobody for a password).
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("No matching distribution found for demo-pkg");
    assertThat(upstream.hits("/simple/demo-pkg/")).isZero();
    assertThat(upstream.hits("/files/" + wheel.fileName())).isZero();
  }

  private record Pip(int exitCode, String output) {}

  private Pip pip(Path downloads, String indexUrl) throws IOException, InterruptedException {
    Path home = Files.createDirectories(tmp.resolve("home"));
    List<String> command = new ArrayList<>(List.of("python3", "-m", "pip", "download", "--no-deps",
        "--only-binary=:all:", "--no-cache-dir", "--disable-pip-version-check", "--no-input", "--retries", "0",
        "--index-url", indexUrl, "-d", downloads.toString(), "demo-pkg"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(tmp.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("PIP_") || k.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    env.put("PIP_CONFIG_FILE", "/dev/null");
    env.put("HOME", home.toString());
    env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
    env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
    env.put("PYTHONNOUSERSITE", "1");
    // No keyring: pip must use the credentials of the URL and nothing of the machine's.
    env.put("PIP_KEYRING_PROVIDER", "disabled");
    Path log = Files.createTempFile(tmp, "pip-", ".log");
    builder.redirectOutput(log.toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException missing) {
      return fail("python3 with pip must be installed to run this test (CI installs python3-pip): " + missing.getMessage());
    }
    process.getOutputStream().close();
    if (!process.waitFor(PIP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return fail("pip did not finish within " + PIP_TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
    }
    return new Pip(process.exitValue(), Files.readString(log));
  }
}
