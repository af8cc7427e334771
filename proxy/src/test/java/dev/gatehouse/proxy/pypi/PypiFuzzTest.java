package dev.gatehouse.proxy.pypi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * PyPI's parsers on arbitrary input: a project page as PEP 691 JSON or PEP 503 HTML (a page, or UnreadablePage,
 * which keeps the last good copy) and file paths (a path, or an IllegalArgumentException that becomes a 400). Every
 * build replays the committed inputs; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class PypiFuzzTest {
  private static final PageReader READER = new PageReader(8L << 20);
  private static final URI PAGE = URI.create("https://pypi.example.invalid/simple/fuzz/");

  @FuzzTest(maxDuration = "10m")
  void page(byte[] body) {
    try {
      READER.project(new ProjectName("fuzz"), PAGE, body);
    } catch (PageReader.UnreadablePage expected) {
      // a failure: the last good copy keeps serving
    }
  }

  @FuzzTest(maxDuration = "10m")
  void filePath(byte[] raw) {
    try {
      FilePath.parse(new String(raw, StandardCharsets.ISO_8859_1));
    } catch (IllegalArgumentException expected) {
      // a 400 with this sentence
    }
  }
}
