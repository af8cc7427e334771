package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NpmPathTest {
  @Test
  void scopedNamesReadTheSameUnderEitherEncoding() {
    NpmName expected = new NpmName(Optional.of("types"), "node");

    assertThat(NpmPath.parse("@types%2fnode")).isEqualTo(new NpmPath.Packument(expected));
    assertThat(NpmPath.parse("@types%2Fnode")).isEqualTo(new NpmPath.Packument(expected));
    assertThat(NpmPath.parse("@types/node")).isEqualTo(new NpmPath.Packument(expected));
    assertThat(NpmPath.parse("%40types%2fnode")).isEqualTo(new NpmPath.Packument(expected));
    assertThat(expected.full()).isEqualTo("@types/node");
    assertThat(expected.escaped()).isEqualTo("@types%2fnode");
  }

  @Test
  void versionsTagsAndTarballsAreToldApart() {
    NpmName leftPad = NpmName.parse("left-pad");

    assertThat(NpmPath.parse("left-pad/1.3.0")).isEqualTo(new NpmPath.Version(leftPad, "1.3.0"));
    assertThat(NpmPath.parse("left-pad/latest")).isEqualTo(new NpmPath.Version(leftPad, "latest"));
    assertThat(NpmPath.parse("left-pad/-/left-pad-1.3.0.tgz")).isEqualTo(new NpmPath.Tarball(leftPad, "left-pad-1.3.0.tgz"));
    assertThat(NpmPath.parse("@babel/core/-/core-7.24.0.tgz"))
        .isEqualTo(new NpmPath.Tarball(NpmName.parse("@babel/core"), "core-7.24.0.tgz"));
    assertThat(NpmPath.parse("@babel%2fcore/7.24.0")).isEqualTo(new NpmPath.Version(NpmName.parse("@babel/core"), "7.24.0"));
    assertThat(NpmPath.parse("JSONStream")).isEqualTo(new NpmPath.Packument(NpmName.parse("JSONStream")));
  }

  @Test
  void registryEndpointsAreRecognised() {
    assertThat(NpmPath.parse("-/ping")).isEqualTo(new NpmPath.Special(NpmPath.Endpoint.PING, "-/ping"));
    assertThat(((NpmPath.Special) NpmPath.parse("-/npm/v1/security/advisories/bulk")).endpoint())
        .isEqualTo(NpmPath.Endpoint.ADVISORIES_BULK);
    assertThat(((NpmPath.Special) NpmPath.parse("-/user/org.couchdb.user:alice")).endpoint())
        .isEqualTo(NpmPath.Endpoint.ACCOUNT);
    assertThat(((NpmPath.Special) NpmPath.parse("-/v1/login")).endpoint()).isEqualTo(NpmPath.Endpoint.ACCOUNT);
    assertThat(((NpmPath.Special) NpmPath.parse("-/v1/search")).endpoint()).isEqualTo(NpmPath.Endpoint.OTHER);
  }

  @Test
  void pathsThatCouldEscapeOrConfuseAreRefusedWithASentence() {
    assertThatThrownBy(() -> NpmPath.parse("..")).hasMessageContaining("is not a valid npm package name");
    assertThatThrownBy(() -> NpmPath.parse("%2e%2e/-/a.tgz")).hasMessageContaining("is not a valid npm package name");
    assertThatThrownBy(() -> NpmPath.parse("left-pad/-/..%2f..%2fetc.tgz"))
        .hasMessage("an escaped slash is allowed only between a scope and a name");
    assertThatThrownBy(() -> NpmPath.parse("left-pad%2fx")).hasMessageContaining("is not a valid npm package name");
    assertThatThrownBy(() -> NpmPath.parse("left-pad//1.0.0")).hasMessageContaining("no empty segments");
    assertThatThrownBy(() -> NpmPath.parse("left%00pad")).hasMessageContaining("U+0000");
    assertThatThrownBy(() -> NpmPath.parse("left-pad%zz")).hasMessage("a % in the path must start two hex digits");
    assertThatThrownBy(() -> NpmPath.parse("@scope")).hasMessageContaining("@scope/name");
    assertThatThrownBy(() -> NpmPath.parse("left-pad/-/left-pad.zip")).hasMessageContaining("is not a tarball file name");
    assertThatThrownBy(() -> NpmPath.parse("a/b/c")).hasMessageStartingWith("not an npm registry path");
    assertThatThrownBy(() -> NpmPath.parse("x".repeat(215))).hasMessageContaining("at most 214 characters");
    assertThatThrownBy(() -> NpmPath.parse("")).hasMessageStartingWith("name a package");
  }
}
