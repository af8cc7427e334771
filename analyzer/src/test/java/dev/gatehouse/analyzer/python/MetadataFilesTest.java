package dev.gatehouse.analyzer.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small file formats of Python packaging: RECORD, METADATA names and versions, pyproject, entry points. */
class MetadataFilesTest {
  @Test
  void recordCellsWithCommasAreQuotedAsPythonsCsvModuleWritesThem() {
    Map<String, WheelRecord.Row> rows = WheelRecord.parse("\"odd,name.py\",sha256=abc,12\nplain.py,sha256=def,3\nx.dist-info/RECORD,,\n");
    assertThat(rows).containsKeys("odd,name.py", "plain.py", "x.dist-info/RECORD");
    assertThat(rows.get("odd,name.py").size()).isEqualTo(12);
    assertThat(rows.get("x.dist-info/RECORD").digest()).isEmpty();
  }

  @Test
  void hexDigestsThatSomeBuildersWriteAreAcceptedWhenTheBytesMatch() throws Exception {
    byte[] content = "x = 1\n".getBytes(StandardCharsets.UTF_8);
    byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(content);
    String hex = java.util.HexFormat.of().formatHex(sha);
    String b64 = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sha);
    Map<String, WheelRecord.Row> rows = WheelRecord.parse("a.py,sha256=" + hex + ",6\n");
    List<ArchiveFinding> problems = WheelRecord.verify("a.dist-info/RECORD", rows,
        Map.of("a.py", new WheelRecord.Actual(6, b64, hex)));
    assertThat(problems).isEmpty();
  }

  @Test
  void aFileRecordedButMissingIsOnlyLow() {
    List<ArchiveFinding> problems = WheelRecord.verify("a.dist-info/RECORD",
        WheelRecord.parse("gone.py,sha256=abc,3\n"), Map.of());
    assertThat(problems).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.LOW));
  }

  @Test
  void namesNormalizeAsPep503Says() {
    assertThat(DistInfo.normalizeName("Zope.Interface")).isEqualTo("zope-interface");
    assertThat(DistInfo.normalizeName("my__odd-._name")).isEqualTo("my-odd-name");
  }

  @Test
  void versionsNormalizeAsPep440SaysWithoutTrailingZeros() {
    assertThat(DistInfo.canonicalVersion("1.0.0")).isEqualTo(DistInfo.canonicalVersion("1"));
    assertThat(DistInfo.canonicalVersion("2.0.0-RC1")).isEqualTo("2rc1");
    assertThat(DistInfo.canonicalVersion("1.0_alpha_2")).isEqualTo("1a2");
    assertThat(DistInfo.canonicalVersion("v1.2.post3.dev4+Local-Build")).isEqualTo("1.2.post3.dev4+local.build");
    assertThat(DistInfo.canonicalVersion("1.2-3")).isEqualTo("1.2.post3");
    assertThat(DistInfo.canonicalVersion("1.2")).isNotEqualTo(DistInfo.canonicalVersion("1.3"));
  }

  @Test
  void metadataHeadersStopAtTheBody() {
    String metadata = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n\nName: not-a-header\n";
    assertThat(DistInfo.header(metadata, "Name")).isEqualTo("demo");
    assertThat(DistInfo.header(metadata, "Summary")).isNull();
  }

  @Test
  void pyprojectBuildSystemIsReadWithCommentsMultilineArraysAndLiteralStrings() {
    PyprojectBackend b = PyprojectBackend.parse("""
        [project]
        name = "x"
        description = '''a [build-system] mention
        in a multi-line string'''

        [build-system]
        requires = [
            "setuptools>=61",  # comment
            'wheel',
        ]
        build-backend = "backend:api"
        backend-path = ["_custom_build"]

        [tool.other]
        build-backend = "ignored"
        """).orElseThrow();
    assertThat(b.requires()).containsExactly("setuptools>=61", "wheel");
    assertThat(b.backend()).isEqualTo("backend:api");
    assertThat(b.backendModule()).isEqualTo("backend");
    assertThat(b.backendPath()).containsExactly("_custom_build");
    assertThat(b.inTree()).isTrue();
    assertThat(b.line()).isEqualTo(11);
  }

  @Test
  void aPyprojectWithoutBuildSystemHasNoBackend() {
    assertThat(PyprojectBackend.parse("[project]\nname = 'x'\n")).isEmpty();
    assertThat(PyprojectBackend.parse("[tool.black]\nline-length = [[[[[[[")).hasValueSatisfying(b ->
        assertThat(b.readable()).isFalse());
  }

  @Test
  void entryPointsAreReadWithExtrasAndOnlyAutoLoadedGroupsAreMarked() {
    List<EntryPointsFile.EntryPoint> eps = EntryPointsFile.parse(
        "[console_scripts]\ntool = pkg.cli:main\n\n[pytest11]\nplug = pkg.plugin [extra]\n");
    assertThat(eps).extracting(EntryPointsFile.EntryPoint::module).containsExactly("pkg.cli", "pkg.plugin");
    assertThat(eps).extracting(EntryPointsFile.EntryPoint::autoLoaded).containsExactly(false, true);
  }

  @Test
  void pthLinesAreSortedIntoCodeAndFolders() {
    PthFile pth = PthFile.parse("x.pth", "# comment\nimport a\nimportlib\n  import b\nsome/dir\n\n");
    assertThat(pth.code()).extracting(PthFile.Line::number).containsExactly(2, 4);
    assertThat(pth.paths()).extracting(PthFile.Line::text).containsExactly("importlib", "some/dir");
  }

  @Test
  void aDecompressionBombInsideALiteralIsCutOffNotInflated() throws Exception {
    java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
    try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(packed)) {
      out.write(new byte[4 << 20]);
    }
    PayloadDecoder decoder = new PayloadDecoder(1 << 20);
    assertThat(decoder.apply("zlib.decompress", null, packed.toByteArray())).isEmpty();
    assertThat(new PayloadDecoder(8 << 20).apply("zlib.decompress", null, packed.toByteArray()))
        .hasValueSatisfying(b -> assertThat(b).hasSize(4 << 20));
  }
  @Test
  void aFileNotHashedIsCheckedAgainstRecordBySizeOnly() {
    Map<String, WheelRecord.Row> rows = WheelRecord.parse("big.so,sha256=abc,5000000\n");
    assertThat(WheelRecord.verify("a.dist-info/RECORD", rows, Map.of("big.so", WheelRecord.Actual.unread(5_000_000))))
        .isEmpty();
    assertThat(WheelRecord.verify("a.dist-info/RECORD", rows, Map.of("big.so", WheelRecord.Actual.unread(4_999_999))))
        .singleElement().satisfies(f -> assertThat(f.summary()).contains("4999999 bytes", "says 5000000"));
  }

  @Test
  void pythonCodeCommandsDistInfoAndSmallFilesAreHashedLargeNativeLibrariesAndDataAreNot() {
    long large = WheelAnalyzer.CHEAP_TO_HASH + 1;
    assertThat(WheelAnalyzer.hashed("pkg/_core.cpython-311-x86_64-linux-gnu.so", large)).isFalse();
    assertThat(WheelAnalyzer.hashed("pkg/weights.bin", large)).isFalse();
    assertThat(WheelAnalyzer.hashed("pkg/_core.so", 4096)).isTrue();
    assertThat(WheelAnalyzer.hashed("pkg/generated.py", large)).isTrue();
    assertThat(WheelAnalyzer.hashed("pkg/__pycache__/m.cpython-311.pyc", large)).isTrue();
    assertThat(WheelAnalyzer.hashed("hook.pth", large)).isTrue();
    assertThat(WheelAnalyzer.hashed("pkg-1.0.data/scripts/tool", large)).isTrue();
    assertThat(WheelAnalyzer.hashed("pkg-1.0.dist-info/RECORD", large)).isTrue();
  }
}
