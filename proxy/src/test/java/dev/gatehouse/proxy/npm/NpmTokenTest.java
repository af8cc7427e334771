package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 * The real {@code npm} sends a Gatehouse token the way it sends any registry token, {@code _authToken} in an
 * {@code .npmrc}, and its downloads are attributed to the token's name. Anonymous downloads are off here, so an
 * npm without the token is refused. Scripts never run ({@code --ignore-scripts}); npm's cache, config and home are
 * the test's own, and its registry is Gatehouse alone.
 */
class NpmTokenTest {
  private static final long NPM_TIMEOUT_SECONDS = 180;

  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private FakeNpmRegistry upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeNpmRegistry(Files.createDirectories(tmp.resolve("fixtures")));
    upstream.version("pad-core", "2.1.0").file("lib/pad.js", "module.exports = (s, n) => s.padStart(n);\n").publish();
    upstream.version("left-pad", "1.0.0").dependency("pad-core", "^2.0.0").publish();
    gatehouse = TestGatehouse.builder(Files.createDirectories(tmp.resolve("gatehouse"))).npm(upstream.url())
        .clock(TestClock.at(Instant.parse("2024-06-01T12:00:00Z"))).upstreamReads("10s", 0)
        .yaml("auth:\n  anonymous: false\n").start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void npmWithAnAuthTokenInstallsAndEveryDownloadIsAttributedToTheTokensName() throws Exception {
    String token = gatehouse.issueToken("frontend-ci", "reader");
    Path app = project();

    Result install = npm(app, token, "install", "--ignore-scripts");

    assertThat(install.exit()).as(install.output()).isZero();
    assertThat(app.resolve("node_modules/pad-core/lib/pad.js")).exists();
    JsonNode events = mapper.readTree(gatehouse.auditTrail("ecosystem=npm")).path("events");
    assertThat(events.findValuesAsText("file")).contains("left-pad-1.0.0.tgz", "pad-core-2.1.0.tgz");
    assertThat(events.findValuesAsText("user")).containsOnly("frontend-ci");
  }

  @Test
  void npmWithoutATokenIsRefusedWhenAnonymousDownloadsAreOff() throws Exception {
    Result install = npm(project(), null, "install", "--ignore-scripts");

    assertThat(install.exit()).isNotZero();
    assertThat(install.output()).contains("401");
  }

  private Path project() throws IOException {
    Path app = Files.createTempDirectory(tmp, "app-");
    Map<String, Object> manifest = Map.of("name", "fixture-app", "version", "1.0.0", "private", true,
        "dependencies", Map.of("left-pad", "^1.0.0"));
    Files.writeString(app.resolve("package.json"), mapper.writeValueAsString(manifest), StandardCharsets.UTF_8);
    return app;
  }

  private record Result(int exit, String output) {}

  /** Runs npm in {@code app} against Gatehouse alone, with {@code token} (or none) as the registry's _authToken. */
  private Result npm(Path app, String token, String... arguments) throws IOException, InterruptedException {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path userconfig = home.resolve(".npmrc");
    List<String> npmrc = new ArrayList<>(List.of("registry=" + gatehouse.npmRegistry(), "fund=false",
        "update-notifier=false", "progress=false", "loglevel=warn"));
    if (token != null) {
      // npm sends the token to the registry whose URL, without the scheme, starts the key.
      npmrc.add("//127.0.0.1:" + gatehouse.port() + "/npm/:_authToken=" + token);
    }
    Files.writeString(userconfig, String.join("\n", npmrc) + "\n", StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>(List.of(npmBinary(), "--registry", gatehouse.npmRegistry(),
        "--cache", home.resolve("npm-cache-" + (token == null ? "anonymous" : "token")).toString(),
        "--userconfig", userconfig.toString(), "--fetch-retries", "0"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.toLowerCase(Locale.ROOT).startsWith("npm_config_"));
    env.put("HOME", home.toString());
    env.put("NPM_CONFIG_GLOBALCONFIG", home.resolve("global-npmrc").toString());
    env.put("NO_UPDATE_NOTIFIER", "1");
    Path log = Files.createTempFile(tmp, "npm-", ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(NPM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("npm did not finish within " + NPM_TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log));
  }

  private static String npmBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "npm");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError("the npm client is not installed (no executable npm on the PATH); "
        + "install Node.js and npm to run this test, as .ci/run does");
  }
}
