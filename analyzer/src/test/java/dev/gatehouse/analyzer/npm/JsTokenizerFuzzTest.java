package dev.gatehouse.analyzer.npm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The JavaScript tokenizer on arbitrary text: tokens within its budget, never an exception. Every build replays the
 * committed inputs; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class JsTokenizerFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void tokenize(byte[] source) {
    JsTokenizer.tokenize(new String(source, StandardCharsets.UTF_8), 100_000);
  }
}
