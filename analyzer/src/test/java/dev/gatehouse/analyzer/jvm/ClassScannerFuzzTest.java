package dev.gatehouse.analyzer.jvm;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The class-file scanner on arbitrary bytes: a class model or {@link ClassScanner.NotAClassException}, which the
 * analyzer turns into a finding, and nothing else. Every build replays the committed inputs; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/fuzzing.md).
 */
class ClassScannerFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void scan(byte[] bytes) {
    try {
      ClassScanner.scan(bytes, "Fuzz.class", name -> name);
    } catch (ClassScanner.NotAClassException expected) {
      // becomes a finding of the artifact
    }
  }
}
