package dev.gatehouse.proxy.npm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * npm's parsers on arbitrary input: an upstream packument (an index, or an IOException that keeps the last good
 * copy) and request paths (a path, or an IllegalArgumentException that becomes a 400). Every build replays the
 * committed inputs; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class NpmFuzzTest {
  private static final PackumentJson JSON = new PackumentJson(8L << 20);

  @FuzzTest(maxDuration = "10m")
  void packument(byte[] document) {
    Path file = null;
    try {
      file = Files.createTempFile("packument-fuzz-", ".json");
      Files.write(file, document);
      PackumentIndex.read(file, NpmName.parse("fuzz"), JSON);
    } catch (IOException expected) {
      // unusable: the last good copy keeps serving
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  @FuzzTest(maxDuration = "10m")
  void path(byte[] raw) {
    try {
      NpmPath.parse(new String(raw, StandardCharsets.ISO_8859_1));
    } catch (IllegalArgumentException expected) {
      // a 400 with this sentence
    }
  }
}
