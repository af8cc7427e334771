package dev.gatehouse.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Arbitrary bytes loaded as {@code gatehouse.yml}: a configuration or a {@link ConfigException} naming the file and
 * key, and nothing else. Every build replays the committed inputs; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class ConfigFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void load(byte[] yaml) {
    Path file = null;
    try {
      file = Files.createTempFile("gatehouse-fuzz-", ".yml");
      Files.write(file, yaml);
      ConfigLoader.load(Optional.of(file), Map.of());
    } catch (ConfigException expected) {
      // the sentence names the file and key
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        file.toFile().delete();
      }
    }
  }
}
