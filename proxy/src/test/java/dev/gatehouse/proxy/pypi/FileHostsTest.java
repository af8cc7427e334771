package dev.gatehouse.proxy.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.config.UpstreamsConfig.PypiUpstream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileHostsTest {
  private final FileHosts hosts = new FileHosts(new PypiUpstream(URI.create("https://index.example/simple/"),
      List.of(URI.create("https://files.example/"), URI.create("http://mirror.example:8700/pypi/files/"))));

  @Test
  void urlsBelowAConfiguredBaseOrOnTheIndexHostHaveALocator() {
    assertThat(hosts.locator(URI.create("https://files.example/packages/ab/cd/x-1.0-py3-none-any.whl")))
        .hasValue("files.example/packages/ab/cd/x-1.0-py3-none-any.whl");
    assertThat(hosts.locator(URI.create("https://FILES.example:443/packages/x-1.0.tar.gz")))
        .as("host case and the default port change nothing").hasValue("files.example/packages/x-1.0.tar.gz");
    assertThat(hosts.locator(URI.create("http://mirror.example:8700/pypi/files/x-1.0%2Blocal.tar.gz")))
        .hasValue("mirror.example:8700/pypi/files/x-1.0%2Blocal.tar.gz");
    assertThat(hosts.locator(URI.create("https://index.example/files/x-1.0.zip")))
        .as("a mirror keeps files beside its index").hasValue("index.example/files/x-1.0.zip");
  }

  @Test
  void urlsAnywhereElseHaveNone() {
    for (String url : List.of(
        "https://evil.invalid/packages/x.whl",
        "http://files.example/packages/x.whl",                // another scheme
        "https://files.example:8443/packages/x.whl",          // another port
        "http://mirror.example:8700/other/x.whl",             // outside the base path
        "https://user:pw@files.example/packages/x.whl",       // user info
        "https://files.example/packages/x.whl?redirect=evil",  // query
        "https://files.example/packages/%2e%2e/x.whl",         // encoded dot segment
        "https://files.example/packages/a%2Fb.whl",            // encoded slash
        "https://files.example/packages/a%5Cb.whl",            // encoded backslash
        "https://files.example/packages/a%00.whl",             // encoded NUL
        "https://files.example/packages/a@b.whl")) {          // '@' outside the plain set
      assertThat(hosts.locator(URI.create(url))).as(url).isEmpty();
    }
  }

  @Test
  void aLocatorResolvesOnlyBelowABaseAndBackToItself() {
    assertThat(hosts.resolve("files.example/packages/x-1.0-py3-none-any.whl"))
        .isEqualTo(URI.create("https://files.example/packages/x-1.0-py3-none-any.whl"));
    assertThat(hosts.resolve("mirror.example:8700/pypi/files/x.whl"))
        .isEqualTo(URI.create("http://mirror.example:8700/pypi/files/x.whl"));
    assertThatThrownBy(() -> hosts.resolve("evil.invalid/packages/x.whl"))
        .hasMessageContaining("evil.invalid with that path is not below any of upstreams.pypi.files");
    assertThatThrownBy(() -> hosts.resolve("mirror.example:8700/other/x.whl"))
        .hasMessageContaining("not below any of upstreams.pypi.files");
    assertThatThrownBy(() -> hosts.resolve("files.example/packages/../../etc/passwd"))
        .hasMessageContaining("has a '..' segment");
    assertThatThrownBy(() -> hosts.resolve("files.example")).hasMessageContaining("names a host and a path");
  }

  @Test
  void plainPathsPassAndEveryTrickHasASentence() {
    assertThat(FileHosts.pathProblem("packages/4c/ab/demo_pkg-1.0+local-py3-none-any.whl")).isEmpty();
    assertThat(FileHosts.pathProblem("packages/%C3%A9t%C3%A9-1.0.tar.gz")).isEmpty();
    assertThat(FileHosts.pathProblem("")).hasValue("is empty");
    assertThat(FileHosts.pathProblem("a//b")).hasValue("has an empty segment (//)");
    assertThat(FileHosts.pathProblem("a/./b")).hasValue("has a '.' segment");
    assertThat(FileHosts.pathProblem("a/%2")).hasValue("has a '%' that is not followed by two hex digits");
    assertThat(FileHosts.pathProblem("a/%252e")).get().asString().contains("(%25)");
    assertThat(FileHosts.pathProblem("a/b\\c")).get().asString().contains("contains '\\'");
    assertThat(FileHosts.pathProblem("a/b c")).get().asString().contains("contains ' '");
    assertThat(FileHosts.pathProblem("a/b\u0000c")).get().asString().contains("contains '?'");
  }

  @Test
  void aPathAClientReEncodedHasTheSameLocatorAsTheIndexSpelling() {
    String fromIndex = hosts.locator(URI.create("https://files.example/packages/torch-2.0.0+cpu-cp311-none-any.whl"))
        .orElseThrow();
    // pip quotes each path segment, the port's colon and '+' included.
    FilePath fromPip = FilePath.parse("torch/files.example/packages/torch-2.0.0%2Bcpu-cp311-none-any.whl");
    FilePath withPort = FilePath.parse("torch/mirror.example%3A8700/pypi/files/torch-2.0.0%2bcpu-cp311-none-any.whl");

    assertThat(fromPip.locator()).isEqualTo(fromIndex).isEqualTo("files.example/packages/torch-2.0.0%2Bcpu-cp311-none-any.whl");
    assertThat(fromPip.filename()).isEqualTo("torch-2.0.0+cpu-cp311-none-any.whl");
    assertThat(withPort.locator()).isEqualTo("mirror.example:8700/pypi/files/torch-2.0.0%2Bcpu-cp311-none-any.whl");
    assertThat(FileHosts.canonical("/a/%7e%41b~")).isEqualTo("/a/~Ab~");
  }

  @Test
  void aMetadataPathNamesTheFileItDescribes() {
    FilePath path = FilePath.parse("demo-pkg/files.example/packages/demo_pkg-1.0-py3-none-any.whl.metadata");

    assertThat(path.metadata()).isTrue();
    assertThat(path.filename()).isEqualTo("demo_pkg-1.0-py3-none-any.whl");
    assertThat(path.locator()).isEqualTo("files.example/packages/demo_pkg-1.0-py3-none-any.whl");
    assertThatThrownBy(() -> FilePath.parse("demo-pkg/files.example/")).hasMessageContaining("the file path is empty");
    assertThatThrownBy(() -> FilePath.parse("demo-pkg")).hasMessageContaining("/pypi/files/{project}/{host}/{path}");
  }

  @Test
  void aFileNameIsTheLastSegmentDecodedWithPlusKept() {
    assertThat(FileHosts.fileName("/files/demo_pkg-1.0%2Blocal-py3-none-any.whl"))
        .hasValue("demo_pkg-1.0+local-py3-none-any.whl");
    assertThat(FileHosts.fileName("/files/a+b-1.0.tar.gz")).hasValue("a+b-1.0.tar.gz");
    assertThat(FileHosts.fileName("/files/%C3%A9t%C3%A9-1.0.tar.gz")).hasValue("été-1.0.tar.gz");
    assertThat(FileHosts.fileName("/files/")).isEqualTo(Optional.empty());
    assertThat(FileHosts.fileName("/files/a%2Fb.whl")).isEmpty();
  }
}
