package dev.gatehouse.proxy.maven;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Maven's parsers on arbitrary input: an upstream's {@code maven-metadata.xml} (a document, or an IOException that
 * keeps the last good copy) and request paths (a path, or an IllegalArgumentException that becomes a 400). Every
 * build replays the committed inputs; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class MavenFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void metadata(byte[] xml) {
    try {
      MavenMetadata.parse(xml).toBytes();
    } catch (IOException expected) {
      // not well-formed, or not metadata
    }
  }

  @FuzzTest(maxDuration = "10m")
  void path(byte[] raw) {
    try {
      MavenPath.parse(new String(raw, StandardCharsets.ISO_8859_1));
    } catch (IllegalArgumentException expected) {
      // a 400 with this sentence
    }
  }
}
