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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code npm} installs through Gatehouse from a fake upstream: scripts never run ({@code
 * --ignore-scripts}), its cache and config live in the test's folder, and its registry is Gatehouse, so it
 * never reaches the internet.
 */
class NpmClientTest {
  /** How long one npm command may take; a cold npm start is a few seconds. */
  private static final long NPM_TIMEOUT_SECONDS = 180;

  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private FakeNpmRegistry upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeNpmRegistry(Files.createDirectories(tmp.resolve("fixtures")));
    upstream.version("pad-core", "2.0.0").publish();
    upstream.version("pad-core", "2.1.0").file("lib/pad.js", "module.exports = (s, n) => s.padStart(n);\n").publish();
    upstream.version("left-pad", "1.0.0").dependency("pad-core", "^2.0.0").publish();
    upstream.version("@acme/util", "3.0.0").dependency("pad-core", "^2.1.0").publish();
    gatehouse = TestGatehouse.builder(Files.createDirectories(tmp.resolve("gatehouse"))).npm(upstream.url())
        .clock(TestClock.at(Instant.parse("2024-06-01T12:00:00Z"))).upstreamReads("10s", 0).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void npmInstallsADependencyTreeThroughGatehouseWithVerifiedIntegrity() throws Exception {
    Path app = project(Map.of("left-pad", "^1.0.0", "@acme/util", "^3.0.0"));

    Result install = npm(app, "install", "--ignore-scripts");

    assertThat(install.exit()).as(install.output()).isZero();
    assertThat(installed(app, "left-pad")).isEqualTo("1.0.0");
    assertThat(installed(app, "@acme/util")).isEqualTo("3.0.0");
    assertThat(installed(app, "pad-core")).isEqualTo("2.1.0");
    assertThat(Files.readString(app.resolve("node_modules/pad-core/lib/pad.js"))).contains("padStart");
    JsonNode lock = mapper.readTree(app.resolve("package-lock.json").toFile()).path("packages");
    assertThat(lock.path("node_modules/@acme/util").path("resolved").asText())
        .isEqualTo(gatehouse.npmRegistry() + "@acme/util/-/util-3.0.0.tgz");
    assertThat(lock.path("node_modules/pad-core").path("integrity").asText())
        .isEqualTo(mapper.readTree(upstream.packument("pad-core")).path("versions").path("2.1.0").path("dist")
            .path("integrity").asText());
  }

  @Test
  void npmFailsOnARefusedPackageAndPrintsWhyThenResolvesToTheVersionBeforeIt() throws Exception {
    upstream.version("left-pad", "1.1.0").dependency("pad-core", "^2.0.0").script("postinstall", "node collect.js")
        .file("collect.js", NpmTarballTest.EXFILTRATION).publish();
    Path pinned = project(Map.of("left-pad", "1.1.0"));

    Result refused = npm(pinned, "install", "--ignore-scripts");

    assertThat(refused.exit()).as(refused.output()).isNotZero();
    assertThat(refused.output()).contains("GET " + gatehouse.npmRegistry() + "left-pad/-/left-pad-1.1.0.tgz",
        "left-pad@1.1.0 (left-pad-1.1.0.tgz) blocked by Gatehouse rule exfiltration: "
            + "npm lifecycle script (package/package.json scripts.postinstall) reaches network and credential-file read");
    assertThat(pinned.resolve("node_modules/left-pad")).doesNotExist();

    Path ranged = project(Map.of("left-pad", "^1.0.0"));
    Result resolved = npm(ranged, "install", "--ignore-scripts");

    assertThat(resolved.exit()).as(resolved.output()).isZero();
    assertThat(installed(ranged, "left-pad")).isEqualTo("1.0.0");
  }

  @Test
  void npmFailsOnAQuarantinedPackageAndPrintsTheQuarantineIdAndHowToApproveIt() throws Exception {
    upstream.version("native-thing", "1.0.0").script("postinstall", "node build.js")
        .file("build.js", "require('child_process').execSync('make all');\n").publish();
    Path app = project(Map.of("native-thing", "^1.0.0"));

    Result quarantined = npm(app, "install", "--ignore-scripts");

    assertThat(quarantined.exit()).as(quarantined.output()).isNotZero();
    assertThat(quarantined.output()).contains("npm error 403 403 native-thing@1.0.0 (native-thing-1.0.0.tgz) "
        + "quarantined by Gatehouse rule install-time-code, quarantine id q-", "pending review: ",
        "- GET " + gatehouse.npmRegistry() + "native-thing/-/native-thing-1.0.0.tgz");
  }

  /**
   * Issue 12: a quarantined version vanished from the packument, so each retry resolved the next older version,
   * which was fetched, analyzed and quarantined in turn (16 retries, 16 quarantined versions, then ENOVERSIONS).
   * Now the held version stays listed: every run fails on it and prints why, and nothing older is fetched.
   */
  @Test
  void sixteenInstallsOfAPackageWhoseNewestVersionIsQuarantinedLeaveOneQuarantinedVersionAndEachPrintsWhy()
      throws Exception {
    // Each version runs a script of its own, so that no version's hook is "established" by its predecessors:
    // every one of them would be quarantined if it were ever fetched.
    for (int minor = 0; minor <= 16; minor++) {
      upstream.version("spawny", "1." + minor + ".0").script("postinstall", "node build-" + minor + ".js")
          .file("build-" + minor + ".js", "require('child_process').execSync('make all');\n").publish();
    }
    Path app = project(Map.of("spawny", "^1.0.0"));

    for (int run = 1; run <= 16; run++) {
      Result install = npm(app, "install", "--ignore-scripts");

      assertThat(install.exit()).as("run %d:%n%s", run, install.output()).isNotZero();
      assertThat(install.output()).as("run %d", run).contains("npm error 403 403 spawny@1.16.0 (spawny-1.16.0.tgz) "
          + "quarantined by Gatehouse rule ", ", quarantine id q-", ", pending review: ");
    }

    JsonNode pending = mapper.readTree(gatehouse.adminGet("/api/v1/quarantine").body());
    assertThat(pending.path("entries")).hasSize(1);
    assertThat(pending.path("entries").get(0).path("version").asText()).isEqualTo("1.16.0");
    for (int minor = 0; minor < 16; minor++) {
      assertThat(upstream.requestsFor("/spawny/-/spawny-1." + minor + ".0.tgz")).as("1.%d.0 fetched", minor).isZero();
    }
    assertThat(app.resolve("node_modules/spawny")).doesNotExist();
  }

  /**
   * An optional platform package (biome's, esbuild's binary) that is refused makes npm skip it and exit 0; the
   * npm-notice header of the 403 is then the only line that says why, and npm prints it.
   */
  @Test
  void aQuarantinedOptionalPlatformPackageIsSkippedButNpmPrintsWhy() throws Exception {
    upstream.version("tool-linux-x64", "1.0.0").script("postinstall", "node fetch-binary.js")
        .file("fetch-binary.js", "require('child_process').execSync('make binary');\n").publish();
    upstream.version("tool", "1.0.0").optionalDependency("tool-linux-x64", "1.0.0").publish();
    Path app = project(Map.of("tool", "^1.0.0"));

    Result install = npm(app, "install", "--ignore-scripts", "--loglevel", "notice"); // npm's default level

    assertThat(install.exit()).as(install.output()).isZero();
    assertThat(installed(app, "tool")).isEqualTo("1.0.0");
    assertThat(app.resolve("node_modules/tool-linux-x64")).doesNotExist();
    assertThat(install.output()).contains("npm notice tool-linux-x64@1.0.0 (tool-linux-x64-1.0.0.tgz) quarantined "
        + "by Gatehouse rule install-time-code, quarantine id q-");
  }

  private Path project(Map<String, String> dependencies) throws IOException {
    Path app = Files.createTempDirectory(tmp, "app-");
    Map<String, Object> manifest = Map.of("name", "fixture-app", "version", "1.0.0", "private", true,
        "dependencies", dependencies);
    Files.writeString(app.resolve("package.json"), mapper.writeValueAsString(manifest), StandardCharsets.UTF_8);
    return app;
  }

  private String installed(Path app, String name) throws IOException {
    return mapper.readTree(app.resolve("node_modules").resolve(name).resolve("package.json").toFile())
        .path("version").asText();
  }

  private record Result(int exit, String output) {}

  /** Runs npm in {@code app} against Gatehouse alone, with a cache, config and home of its own. */
  private Result npm(Path app, String... arguments) throws IOException, InterruptedException {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path userconfig = home.resolve(".npmrc");
    Files.writeString(userconfig, String.join("\n", "registry=" + gatehouse.npmRegistry(), "fund=false",
        "update-notifier=false", "progress=false", "loglevel=warn", ""), StandardCharsets.UTF_8);
    List<String> command = new java.util.ArrayList<>(List.of(npmBinary(), "--registry", gatehouse.npmRegistry(),
        "--cache", home.resolve("npm-cache").toString(), "--userconfig", userconfig.toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.toLowerCase(java.util.Locale.ROOT).startsWith("npm_config_"));
    env.put("HOME", home.toString());
    env.put("NPM_CONFIG_GLOBALCONFIG", home.resolve("global-npmrc").toString());
    env.put("NO_UPDATE_NOTIFIER", "1");
    Path log = Files.createTempFile(tmp, "npm-", ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(NPM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("npm " + String.join(" ", arguments) + " did not finish within " + NPM_TIMEOUT_SECONDS
          + " s:\n" + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log));
  }

  /** The npm on the PATH; CI installs it, and a missing one fails the test rather than skipping it. */
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
