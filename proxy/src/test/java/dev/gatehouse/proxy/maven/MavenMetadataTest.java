package dev.gatehouse.proxy.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MavenMetadataTest {
  private static byte[] metadata(String latest, String release, String... versions) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n"
        + "  <groupId>org.example</groupId>\n  <artifactId>lib</artifactId>\n  <versioning>\n"
        + "    <latest>" + latest + "</latest>\n    <release>" + release + "</release>\n    <versions>\n");
    for (String v : versions) {
      xml.append("      <version>").append(v).append("</version>\n");
    }
    xml.append("    </versions>\n    <lastUpdated>20240101000000</lastUpdated>\n  </versioning>\n</metadata>\n");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void refusedVersionsAreRemovedAndLatestAndReleaseMoveToTheNewestLeft() throws IOException {
    MavenMetadata doc = MavenMetadata.parse(metadata("2.0", "2.0", "1.0", "1.1", "2.0"));

    assertThat(doc.removeVersions(Set.of("2.0")::contains)).containsExactly("2.0");

    String xml = new String(doc.toBytes(), StandardCharsets.UTF_8);
    assertThat(MavenMetadata.parse(doc.toBytes()).versions()).containsExactly("1.0", "1.1");
    assertThat(xml).contains("<latest>1.1</latest>", "<release>1.1</release>").doesNotContain("2.0");
  }

  @Test
  void latestIsKeptWhenItIsNotRefused() throws IOException {
    MavenMetadata doc = MavenMetadata.parse(metadata("2.0", "2.0", "1.0", "1.1", "2.0"));

    doc.removeVersions(Set.of("1.1")::contains);

    assertThat(new String(doc.toBytes(), StandardCharsets.UTF_8)).contains("<latest>2.0</latest>");
  }

  @Test
  void aRepositoryGroupListsTheUnionOfVersions() throws IOException {
    MavenMetadata first = MavenMetadata.parse(metadata("1.1", "1.1", "1.0", "1.1"));
    first.merge(MavenMetadata.parse(metadata("3.0", "3.0", "1.1", "3.0")));

    assertThat(first.versions()).containsExactly("1.0", "1.1", "3.0");
  }

  @Test
  void aDocumentWithADoctypeIsRefusedSoNoEntityIsEverExpanded() {
    byte[] xxe = ("<?xml version=\"1.0\"?><!DOCTYPE metadata [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<metadata><groupId>&x;</groupId></metadata>").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> MavenMetadata.parse(xxe)).isInstanceOf(IOException.class)
        .hasMessageStartingWith("maven-metadata.xml is not well-formed XML: ");
  }
}
