package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pnpm, yarn 1 and Yarn 4 install through Gatehouse a range whose newest version is quarantined: each fails on
 * that version and prints why, in the one channel it shows (the reason phrase for pnpm and Yarn 4, the
 * packument's {@code deprecated} for yarn 1), and none falls back to the older version. Scripts never run, each
 * client's cache and home live in the test's folder, and its registry is Gatehouse. {@code .ci/run} installs
 * the exact versions (pnpm 10.34.9, yarn 1.22.22, and Yarn 4.18.1 as {@code yarn-berry}); a missing client fails
 * the test.
 */
class PackageManagersTest {
  private static final long CLIENT_TIMEOUT_SECONDS = 180;
  private static final String HELD = "spawny@1.1.0 (spawny-1.1.0.tgz) quarantined by Gatehouse rule ";

  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private FakeNpmRegistry upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeNpmRegistry(Files.createDirectories(tmp.resolve("fixtures")));
    upstream.version("spawny", "1.0.0").publish();
    upstream.version("spawny", "1.1.0").script("postinstall", "node build.js")
        .file("build.js", "require('child_process').execSync('make all');\n").publish();
    gatehouse = TestGatehouse.builder(Files.createDirectories(tmp.resolve("gatehouse"))).npm(upstream.url())
        .clock(TestClock.at(Instant.parse("2024-06-01T12:00:00Z"))).upstreamReads("10s", 0).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void pnpmFailsOnTheQuarantinedVersionAndPrintsTheReasonPhrase() throws Exception {
    Path app = project("pnpm");

    Result install = run(app, "pnpm", "install", "--ignore-scripts", "--registry", gatehouse.npmRegistry(),
        "--store-dir", tmp.resolve("pnpm-store").toString());

    assertThat(install.exit()).as(install.output()).isNotZero();
    assertThat(install.output()).contains("ERR_PNPM_FETCH_403", "GET " + gatehouse.npmRegistry()
        + "spawny/-/spawny-1.1.0.tgz: " + HELD, ", quarantine id q-", ", pending review: ");
    assertThat(upstream.requestsFor("/spawny/-/spawny-1.0.0.tgz")).isZero();
  }

  /**
   * yarn 1 prints nothing of a tarball's 403, only the packument's {@code deprecated}: the first install, which
   * makes Gatehouse judge the version, says only "403 Forbidden"; from the second on, yarn prints why.
   */
  @Test
  void yarnOnePrintsTheDeprecationThatNamesTheQuarantineOnceTheVersionWasJudged() throws Exception {
    Path app = project("yarn1");

    Result first = yarnOne(app);
    Result second = yarnOne(app);

    assertThat(first.exit()).as(first.output()).isNotZero();
    assertThat(first.output()).contains("spawny-1.1.0.tgz: Request failed \"403 Forbidden\"");
    assertThat(second.exit()).as(second.output()).isNotZero();
    assertThat(second.output()).contains("warning spawny@1.1.0: Gatehouse refuses this version: spawny@1.1.0 is "
        + "quarantined by Gatehouse rule ", ", quarantine id q-", ", pending review: ",
        "spawny-1.1.0.tgz: Request failed \"403 Forbidden\"");
    assertThat(upstream.requestsFor("/spawny/-/spawny-1.0.0.tgz")).isZero();
  }

  private Result yarnOne(Path app) throws IOException, InterruptedException {
    return run(app, "yarn", "install", "--ignore-scripts", "--non-interactive", "--registry",
        gatehouse.npmRegistry(), "--cache-folder", tmp.resolve("yarn-cache").toString());
  }

  @Test
  void yarnFourFailsOnTheQuarantinedVersionAndPrintsTheReasonPhrase() throws Exception {
    Path app = project("berry");
    Files.writeString(app.resolve(".yarnrc.yml"), String.join("\n",
        "npmRegistryServer: \"" + gatehouse.npmRegistry() + "\"", "unsafeHttpWhitelist: [\"127.0.0.1\"]",
        "enableScripts: false", "enableTelemetry: false", "enableGlobalCache: false", "nodeLinker: node-modules",
        "cacheFolder: \"" + tmp.resolve("berry-cache") + "\"", ""), StandardCharsets.UTF_8);
    Files.writeString(app.resolve("yarn.lock"), "");

    Result install = run(app, "yarn-berry", "install");

    assertThat(install.exit()).as(install.output()).isNotZero();
    assertThat(install.output()).contains("Response Code: 403 (" + HELD, ", quarantine id q-",
        "Request URL: " + gatehouse.npmRegistry() + "spawny/-/spawny-1.1.0.tgz");
    assertThat(upstream.requestsFor("/spawny/-/spawny-1.0.0.tgz")).isZero();
  }

  private Path project(String client) throws IOException {
    Path app = Files.createDirectories(tmp.resolve("app-" + client));
    Map<String, Object> manifest = Map.of("name", "fixture-app", "version", "1.0.0", "private", true,
        "dependencies", Map.of("spawny", "^1.0.0"));
    Files.writeString(app.resolve("package.json"), mapper.writeValueAsString(manifest), StandardCharsets.UTF_8);
    return app;
  }

  private record Result(int exit, String output) {}

  /** Runs {@code client} in {@code app} with a home of its own and no npm or yarn settings from outside. */
  private Result run(Path app, String client, String... arguments) throws IOException, InterruptedException {
    Path home = Files.createDirectories(tmp.resolve("home-" + client));
    List<String> command = new ArrayList<>(List.of(binary(client)));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> {
      String k = key.toLowerCase(java.util.Locale.ROOT);
      return k.startsWith("npm_config_") || k.startsWith("yarn_") || k.startsWith("pnpm_");
    });
    env.remove("CI"); // Yarn 4 installs --immutable under CI, and this project has no lockfile to keep
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
    env.put("XDG_DATA_HOME", home.resolve("data").toString());
    env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
    env.put("NO_UPDATE_NOTIFIER", "1");
    env.put("npm_config_update_notifier", "false");
    env.put("YARN_ENABLE_TELEMETRY", "0");
    Path log = Files.createTempFile(tmp, client + "-", ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(CLIENT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(client + " did not finish within " + CLIENT_TIMEOUT_SECONDS + " s:\n"
          + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log));
  }

  private static String binary(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError(name + " is not installed (no executable " + name + " on the PATH); "
        + ".ci/run installs pnpm 10.34.9, yarn 1.22.22 and Yarn 4.18.1 as yarn-berry");
  }
}
