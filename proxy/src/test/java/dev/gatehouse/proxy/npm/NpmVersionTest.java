package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class NpmVersionTest {
  @Test
  void versionsSortAsSemverSection11Says() {
    List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
        "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.2.0", "1.10.0", "2.0.0+build.5");
    List<NpmVersion> shuffled = new ArrayList<>(ordered.stream().map(v -> NpmVersion.parse(v).orElseThrow()).toList());
    Collections.reverse(shuffled);
    Collections.swap(shuffled, 2, 7);

    Collections.sort(shuffled);

    assertThat(shuffled).isEqualTo(ordered.stream().map(v -> NpmVersion.parse(v).orElseThrow()).toList());
  }

  @Test
  void buildMetadataDoesNotChangeTheOrder() {
    assertThat(NpmVersion.parse("1.0.0+a").orElseThrow()).isEqualByComparingTo(NpmVersion.parse("1.0.0+b").orElseThrow());
  }

  @Test
  void textThatIsNoSemanticVersionIsNotParsed() {
    for (String text : List.of("1.0", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0-a..b", "latest", "1.0.0 ", "99999999999999999.0.0")) {
      assertThat(NpmVersion.parse(text)).as(text).isEmpty();
    }
  }
}
