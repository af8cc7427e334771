package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeySpellingTest {
  private static final List<String> SERVER = List.of("host", "port", "maxInitialLineLength", "maxHeaderSize",
      "maxRequestBodyBytes", "maxConcurrentFetches", "blockingThreads");

  @Test
  void twoSwappedLettersAreOneTypo() {
    assertThat(KeySpelling.closest("prot", SERVER)).contains("port");
    assertThat(KeySpelling.closest("hsot", SERVER)).contains("host");
  }

  @Test
  void caseAndWordSeparatorsDoNotMatter() {
    assertThat(KeySpelling.closest("MAX_HEADER_SIZE", SERVER)).contains("maxHeaderSize");
    assertThat(KeySpelling.closest("blocking-threads", SERVER)).contains("blockingThreads");
  }

  @Test
  void longerKeysTolerateMoreTypos() {
    assertThat(KeySpelling.closest("maxConcurentFetchs", SERVER)).contains("maxConcurrentFetches");
  }

  @Test
  void aShortKeyTwoEditsAwayIsNotGuessed() {
    assertThat(KeySpelling.closest("pot", List.of("port", "host"))).contains("port");
    assertThat(KeySpelling.closest("bind", SERVER)).isEmpty();
  }

  @Test
  void aKeyFarFromEveryKnownKeyHasNoSuggestion() {
    assertThat(KeySpelling.closest("listen", SERVER)).isEmpty();
    assertThat(KeySpelling.closest("x".repeat(100_000), SERVER)).isEmpty();
  }
}
