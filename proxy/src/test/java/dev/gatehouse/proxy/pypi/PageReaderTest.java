package dev.gatehouse.proxy.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageReaderTest {
  private static final URI PAGE = URI.create("https://index.example/simple/demo-pkg/");
  private static final String SHA = "ab".repeat(32);
  private final PageReader reader = new PageReader(1 << 20);
  private final ProjectName demo = ProjectName.parse("demo-pkg").orElseThrow();

  private ProjectPage read(String text) throws PageReader.UnreadablePage {
    return reader.project(demo, PAGE, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anchorsAreReadWhateverTheirQuotingCaseAndSurroundings() throws Exception {
    ProjectPage page = read("""
        <html><head><script>var a = '<a href="evil-1.0.tar.gz">';</script><base href="https://files.example/p/"></head>
        <body><!-- <a href="hidden-1.0.tar.gz">x</a> -->
        <A Href=demo_pkg-1.0.tar.gz#SHA256=%1$s DATA-REQUIRES-PYTHON=&gt;=3.8>demo_pkg-1.0.tar.gz</A>
        <a href='/abs/demo_pkg-2.0.tar.gz#sha256=%1$s' data-yanked>demo_pkg-2.0.tar.gz</a>
        <a href="demo_pkg-3.0.tar.gz#md5=0123456789abcdef0123456789abcdef" data-core-metadata="true">x</a>
        <a href="demo_pkg-1.0.tar.gz#sha256=%1$s">a duplicate is dropped</a>
        <a>no href</a> < not a tag <a href="demo_pkg-4.0.tar.gz#sha256=%1$s" data-gpg-sig="true">unclosed
        """.formatted(SHA));

    assertThat(page.files()).extracting(IndexFile::filename).containsExactly("demo_pkg-1.0.tar.gz",
        "demo_pkg-2.0.tar.gz", "demo_pkg-3.0.tar.gz", "demo_pkg-4.0.tar.gz");
    IndexFile first = page.files().get(0);
    assertThat(first.url()).as("<base href> is honoured").isEqualTo(URI.create("https://files.example/p/demo_pkg-1.0.tar.gz"));
    assertThat(first.hashes()).isEqualTo(Map.of("sha256", SHA));
    assertThat(first.requiresPython()).hasValue(">=3.8");
    assertThat(first.yanked()).isEmpty();
    assertThat(page.files().get(1).url()).isEqualTo(URI.create("https://files.example/abs/demo_pkg-2.0.tar.gz"));
    assertThat(page.files().get(1).yanked()).as("a bare data-yanked is yanked without reason").hasValue("");
    assertThat(page.files().get(2).verifiableHash()).as("md5 is never trusted").isEmpty();
    assertThat(page.files().get(2).coreMetadata()).hasValue(Map.of());
    assertThat(page.files().get(3).gpgSignature()).hasValue(true);
  }

  @Test
  void characterReferencesAreDecodedAndUnknownOnesKept() {
    assertThat(CharacterReferences.decode("&lt;4,&gt;=3.8 &amp;&#33;&#x41;&bogus; & &;")).isEqualTo("<4,>=3.8 &!A&bogus; & &;");
    assertThat(CharacterReferences.escape("<4,>=3.8 & \"'")).isEqualTo("&lt;4,&gt;=3.8 &amp; &quot;&#39;");
  }

  @Test
  void aJsonPageKeepsEveryAttributeAndDropsFilesWhoseNameContradictsTheirUrl() throws Exception {
    ProjectPage page = read("""
        {"meta": {"api-version": "1.1"}, "name": "Demo-Pkg", "versions": ["1.0"], "files": [
          {"filename": "demo_pkg-1.0.tar.gz", "url": "../../files/demo_pkg-1.0.tar.gz#sha256=ignored",
           "hashes": {"SHA256": "%1$s", "bogus": "not hex"}, "requires-python": "<4", "yanked": "bad build",
           "dist-info-metadata": {"sha256": "%1$s"}, "gpg-sig": false, "size": 42, "upload-time": "2024-05-06T07:08:09Z"},
          {"filename": "other-name-1.0.tar.gz", "url": "../../files/demo_pkg-9.0.tar.gz", "hashes": {}},
          {"filename": "demo_pkg-2.0.tar.gz", "hashes": {}}
        ]}
        """.formatted(SHA));

    assertThat(page.name()).isEqualTo("Demo-Pkg");
    assertThat(page.versions()).hasValue(java.util.List.of("1.0"));
    assertThat(page.files()).hasSize(1);
    IndexFile file = page.files().get(0);
    assertThat(file.url()).isEqualTo(URI.create("https://index.example/files/demo_pkg-1.0.tar.gz"));
    assertThat(file.hashes()).isEqualTo(Map.of("sha256", SHA));
    assertThat(file.yanked()).hasValue("bad build");
    assertThat(file.coreMetadata()).hasValue(Map.of("sha256", SHA));
    assertThat(file.size()).hasValue(42);
    assertThat(file.uploadTime()).hasValue(java.time.Instant.parse("2024-05-06T07:08:09Z"));
  }

  @Test
  void aPageThatIsNotAnIndexPageSaysWhy() {
    assertThatThrownBy(() -> read("{\"files\": 3}")).hasMessage("the project page has no \"files\" list");
    assertThatThrownBy(() -> read("{\"files\": [")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> read("<meta name=\"pypi:repository-version\" content=\"2.0\">"))
        .hasMessage("the index speaks API version 2.0, and Gatehouse reads 1.x");
  }

  @Test
  void nestingBeyondTheBoundIsRefusedRatherThanRecursedInto() {
    String deep = "{\"files\": [], \"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}";

    assertThatThrownBy(() -> read(deep)).hasMessageContaining("not valid JSON").hasMessageContaining("nesting");
  }

  @Test
  void theProjectListIsReadFromEitherForm() throws Exception {
    assertThat(reader.projectList("<a href=\"a/\">A_b</a>\n<a href=\"c/\">c</a>".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("A_b", "c");
    assertThat(reader.projectList("""
        {"meta": {"api-version": "1.0"}, "projects": [{"name": "A_b", "extra": [1]}, {"name": "c"}]}
        """.getBytes(StandardCharsets.UTF_8))).containsExactly("A_b", "c");
  }
}
