package dev.gatehouse.analyzer.python;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The Python tokenizer on arbitrary text: tokens within its budget, never an exception. Every build replays the
 * committed inputs; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class PythonTokenizerFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void tokenize(byte[] source) {
    PythonTokenizer.tokenize(new String(source, StandardCharsets.UTF_8), 100_000);
  }
}
