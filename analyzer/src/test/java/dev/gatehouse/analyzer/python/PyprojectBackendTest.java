package dev.gatehouse.analyzer.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.fixtures.SdistFixture;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pyproject.toml's build system, read as TOML 1.0 is written, not as a line reader guesses it. */
class PyprojectBackendTest {
  @TempDir Path tmp;

  @Test
  void inlineBuildSystemTableIsRead() {
    PyprojectBackend b = PyprojectBackend.parse("""
        [project]
        name = "x"

        build-system = { requires = ["setuptools"], build-backend = "backend", backend-path = ["."] }
        """).orElse(null);
    // A key after [project] belongs to [project]: TOML reads it as project.build-system, not ours.
    assertThat(b).isNull();

    PyprojectBackend top = PyprojectBackend.parse("""
        build-system = { requires = ["setuptools"], build-backend = "backend", backend-path = ["."] }
        [project]
        name = "x"
        """).orElseThrow();
    assertThat(top.requires()).containsExactly("setuptools");
    assertThat(top.backend()).isEqualTo("backend");
    assertThat(top.inTree()).isTrue();
    assertThat(top.line()).isEqualTo(1);
  }

  @Test
  void dottedAndQuotedKeysAreRead() {
    PyprojectBackend b = PyprojectBackend.parse("""
        build-system.requires = ["flit_core >=3.2,<4"]
        "build-system"."build-backend" = 'flit_core.buildapi'
        build-system . backend-path = [ 'tools' ]
        """).orElseThrow();
    assertThat(b.requires()).containsExactly("flit_core >=3.2,<4");
    assertThat(b.backend()).isEqualTo("flit_core.buildapi");
    assertThat(b.backendPath()).containsExactly("tools");
    assertThat(b.line()).isEqualTo(2);
  }

  @Test
  void multiLineArraysWithCommentsAndMultiLineStringsAreRead() {
    PyprojectBackend b = PyprojectBackend.parse("""
        [project]
        description = '''
        build-backend = "not this one"
        '''

        [build-system]
        requires = [
          "setuptools>=61",  # a comment
          '''wheel''',
          "cython; python_version < '3.13'",
        ]
        build-backend = "setuptools.build_meta"
        """).orElseThrow();
    assertThat(b.requires()).containsExactly("setuptools>=61", "wheel", "cython; python_version < '3.13'");
    assertThat(b.backend()).isEqualTo("setuptools.build_meta");
    assertThat(b.inTree()).isFalse();
    assertThat(b.readable()).isTrue();
  }

  @Test
  void brokenTomlIsAProblemNotAnException() {
    PyprojectBackend b = PyprojectBackend.parse("[build-system]\nrequires = [\"setuptools\"\nbuild-backend = 'x'\n")
        .orElseThrow();
    assertThat(b.readable()).isFalse();
    assertThat(b.problem()).startsWith("not valid TOML");
    assertThat(b.line()).isPositive();

    assertThat(PyprojectBackend.parse("[tool.black]\nline-length = [[[[[[[")).hasValueSatisfying(p ->
        assertThat(p.readable()).isFalse());
    assertThat(PyprojectBackend.parse("a = 1\na = 2\n")).hasValueSatisfying(p -> assertThat(p.readable()).isFalse());
  }

  @Test
  void deeplyNestedArraysStopAtTheNestingLimitInsteadOfTheStack() {
    String hostile = "x = " + "[".repeat(200_000) + "\n";

    assertThat(PyprojectBackend.parse(hostile)).hasValueSatisfying(p -> {
      assertThat(p.readable()).isFalse();
      assertThat(p.problem()).contains("nesting");
    });
  }

  @Test
  void sdistWithBrokenPyprojectIsAFindingAndTheRestIsStillAnalyzed() throws IOException {
    Path sdist = SdistFixture.named("broken", "1.0")
        .file("pyproject.toml", "[build-system\nrequires = [\"setuptools\"]\n")
        .file("setup.py", "import os\nfrom setuptools import setup\nos.system('id')\nsetup(name='broken')\n")
        .tarGz(tmp);

    Analysis a = new Analyzer(AnalysisLimits.defaults()).analyze(sdist, ArtifactKind.SDIST);

    assertThat(a.findings()).filteredOn(ArchiveFinding.class::isInstance).singleElement().satisfies(f -> {
      assertThat(((ArchiveFinding) f).problem()).isEqualTo(ArchiveProblem.UNREADABLE_ENTRY);
      assertThat(f.evidence().path()).isEqualTo("broken-1.0/pyproject.toml");
      assertThat(f.summary()).contains("not valid TOML");
    });
    assertThat(a.codeFindings()).extracting(CodeFinding::trigger).contains(Trigger.SETUP_SCRIPT);
  }

  @Test
  void sdistWithAnInlineInTreeBackendHasItsBackendJudged() throws IOException {
    Path sdist = SdistFixture.named("inline", "1.0")
        .file("pyproject.toml", """
            build-system = { requires = [], build-backend = "backend", backend-path = ["_build"] }
            [project]
            name = "inline"
            """)
        .file("_build/backend.py", "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n"
            + "    return 'inline-1.0-py3-none-any.whl'\n")
        .tarGz(tmp);

    Analysis a = new Analyzer(AnalysisLimits.defaults()).analyze(sdist, ArtifactKind.SDIST);

    assertThat(a.codeFindings()).filteredOn(f -> f.trigger() == Trigger.BUILD_BACKEND).singleElement()
        .satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
          assertThat(f.summary()).contains("in-tree build backend");
        });
  }
}
