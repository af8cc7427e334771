package dev.gatehouse.policy;

import static dev.gatehouse.analyzer.Capability.ENVIRONMENT_READ;
import static dev.gatehouse.analyzer.Capability.NETWORK;
import static dev.gatehouse.analyzer.Capability.PROCESS_SPAWN;
import static dev.gatehouse.analyzer.Severity.CRITICAL;
import static dev.gatehouse.analyzer.Severity.HIGH;
import static dev.gatehouse.policy.Findings.NOW;
import static dev.gatehouse.policy.Findings.analysis;
import static dev.gatehouse.policy.Findings.code;
import static dev.gatehouse.policy.Findings.npm;
import static dev.gatehouse.policy.Findings.staticInitializer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Verdict reasons are short, bounded sentences that are safe in a terminal and an HTTP reason phrase. */
class ReasonsTest {
  @Test
  void codeFindingNamesTriggerClassFileAndCapabilities() {
    assertThat(Reasons.of(staticInitializer("fixture.Beacon", CRITICAL, PROCESS_SPAWN, NETWORK, ENVIRONMENT_READ)))
        .isEqualTo("static initializer of fixture.Beacon (fixture/Beacon.class) reaches process spawn, network"
            + " and environment read");
  }

  @Test
  void archiveFindingWithoutAnEntryNamesOnlyTheProblem() {
    ArchiveFinding whole = new ArchiveFinding(ArchiveProblem.DIGEST_MISMATCH, Severity.HIGH,
        ArchiveProblem.DIGEST_MISMATCH.label(), Evidence.whole("sha1 differs"));
    assertThat(Reasons.of(whole)).isEqualTo("bytes differ from the published digest");
  }

  @Test
  void controlCharactersFromHostileEntryNamesBecomeSpaces() {
    Finding hostile = code(Trigger.STARTUP_HOOK, HIGH, "evil\r\nX-Injected: 1.pth", "line 1", NETWORK);
    assertThat(Reasons.of(hostile)).isEqualTo("interpreter startup hook (evil  X-Injected: 1.pth line 1) reaches network");
  }

  @Test
  void longReasonIsCutWithAnEllipsis() {
    Finding deep = code(Trigger.IMPORT_TIME, HIGH, "a/".repeat(400) + "x.js", "line 1", NETWORK);
    String reason = Reasons.of(deep);
    assertThat(reason).hasSize(Reasons.MAX_REASON_LENGTH).endsWith("…").startsWith("module import-time code (a/a/");
  }

  @Test
  void verdictNamesAtMostTenFindingsAndCountsTheRest() {
    Finding[] findings = IntStream.range(0, 25)
        .mapToObj(i -> staticInitializer("x.C" + (char) ('a' + i), CRITICAL, ENVIRONMENT_READ, PROCESS_SPAWN))
        .toArray(Finding[]::new);
    Verdict verdict = Policy.defaults().decide(npm("x", "1.0.0"), analysis(findings), PackageFacts.none(), List.of(), NOW);
    assertThat(verdict.rule()).isEqualTo("critical-finding");
    assertThat(verdict.reasons()).hasSize(Reasons.MAX_REASONS);
    assertThat(verdict.reasons().get(0)).isEqualTo("static initializer of x.Ca (x/Ca.class) reaches process spawn and environment read");
    assertThat(verdict.reasons().get(Reasons.MAX_REASONS - 1)).isEqualTo("and 16 more findings in the analysis");
  }

  @Test
  void identicalSentencesAppearOnce() {
    assertThat(Reasons.bounded(List.of("a", "b", "a"))).containsExactly("a", "b");
  }
}
