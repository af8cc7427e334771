package dev.gatehouse.proxy.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.http.HttpProblem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefusalPhraseTest {
  /**
   * Issue 12: the lombok refusal's reason phrase was cut mid-word to fit, and the approve command took the room.
   * Now the package, verdict, rule and entry id come first, the finding last, cut at a word boundary.
   */
  @Test
  void aLongFindingIsCutAtAWordBoundaryAfterThePackageRuleAndEntryId() {
    String finding = "annotation processor lombok.launch.AnnotationProcessorHider$AnnotationProcessor "
        + "(META-INF/services/javax.annotation.processing.Processor), which javac runs inside the build; "
        + "it loads classes from lombok's shaded .SCL.lombok entries ".repeat(8);

    String phrase = ArtifactReplies.phrase("org.projectlombok:lombok:1.18.34 (lombok-1.18.34.jar)", "quarantined",
        "build-time-code", Optional.of("q-abcdefghij"), ", pending review", finding);

    assertThat(phrase).startsWith("org.projectlombok:lombok:1.18.34 (lombok-1.18.34.jar) quarantined by Gatehouse "
        + "rule build-time-code, quarantine id q-abcdefghij, pending review: annotation processor ");
    assertThat(phrase).hasSizeLessThanOrEqualTo(HttpProblem.MAX_REASON_PHRASE).endsWith("...");
    String shown = phrase.substring(0, phrase.length() - 3);
    assertThat(finding).as("the phrase ends on a whole word").contains(shown.substring(shown.indexOf(": ") + 2) + " ");
  }

  @Test
  void aPhraseIsOnePrintableAsciiLine() {
    String phrase = ArtifactReplies.phrase("left-pad@1.0.0 (left-pad-1.0.0.tgz)", "blocked", "exfiltration",
        Optional.empty(), "", "reads ~/.npmrc\nand posts it to ex\u00e4mple.invalid\t(index.js line 1)");

    assertThat(phrase).isEqualTo("left-pad@1.0.0 (left-pad-1.0.0.tgz) blocked by Gatehouse rule exfiltration: "
        + "reads ~/.npmrc and posts it to ex?mple.invalid (index.js line 1)");
  }

  @Test
  void aSingleWordLongerThanHalfTheLineIsCutWhereItMustBe() {
    String line = HttpProblem.oneLine("digest " + "ab".repeat(100), 40);

    assertThat(line).hasSize(40).startsWith("digest abab").endsWith("...");
  }
}
