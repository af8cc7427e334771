package dev.gatehouse.proxy.registry;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.gate.GateResult;
import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Verdict;
import dev.gatehouse.proxy.http.FileResponses;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a {@link GateResult} into the response every ecosystem sends: the blob, or a problem whose status
 * line and body say why. The one place refusals are built: a refusal's reason phrase is one line of printable
 * ASCII that names the artifact, the verdict, the rule and, for a quarantine, its id first and the main finding
 * last, because {@code mvn}, {@code pnpm}, Yarn 2+ and {@code pip} print only the status line and some cut it;
 * the body repeats it with every reason and how to ask for review for clients that show bodies ({@code npm},
 * {@code curl}); the {@code X-Gatehouse-*} headers carry the verdict, rule, quarantine id and reason.
 */
public final class ArtifactReplies {
  /** {@code quarantine} or {@code block}, on every refusal. */
  public static final String VERDICT_HEADER = "X-Gatehouse-Verdict";
  /** The policy rule that refused. */
  public static final String RULE_HEADER = "X-Gatehouse-Rule";
  /** The quarantine entry a reviewer decides on, when there is one. */
  public static final String QUARANTINE_ID_HEADER = "X-Gatehouse-Quarantine-Id";
  /** The reason phrase again, for clients that lose the status line: one line of printable ASCII. */
  public static final String REASON_HEADER = "X-Gatehouse-Reason";
  /** The rule a refusal of a file type Gatehouse cannot analyze names. */
  public static final String UNANALYZABLE_RULE = "unanalyzable-file-type";

  private final String adminHint;

  /**
   * @param adminHint where the approve call goes: {@code server.publicUrl}, such as {@code http://localhost:8080};
   *     never the request's {@code Host} header, which the client chose
   */
  public ArtifactReplies(String adminHint) {
    this.adminHint = requireNonNull(adminHint, "adminHint");
  }

  /** The reply to {@code result}; opens the blob for a served artifact, so it runs on the blocking executor. */
  public HttpReply reply(HttpCall call, GateResult result, String contentType) throws IOException {
    if (result instanceof GateResult.Admitted admitted) {
      return FileResponses.serve(call, admitted.blob(), contentType,
          admitted.artifact().firstFetchedAt());
    }
    return problem(call, result);
  }

  /** The problem for anything but {@link GateResult.Admitted}. */
  public HttpProblem problem(HttpCall call, GateResult result) {
    String what = result.target().ref().coordinates() + " (" + result.target().ref().file() + ")";
    if (result instanceof GateResult.Refused refused) {
      return refusal(call, refused, what);
    }
    if (result instanceof GateResult.Missing) {
      return withPhrase(HttpProblem.notFound(what + " is in none of the upstream repositories"));
    }
    if (result instanceof GateResult.UpstreamFailed failed) {
      return withPhrase(HttpProblem.upstreamFailed(failed.timedOut(),
          "Gatehouse could not fetch " + what + ": " + failed.sentence()));
    }
    GateResult.Busy busy = (GateResult.Busy) result;
    return withPhrase(HttpProblem.of(HttpResponseStatus.SERVICE_UNAVAILABLE, busy.sentence()))
        .withHeader("Retry-After", "5");
  }

  private HttpProblem refusal(HttpCall call, GateResult.Refused refused, String what) {
    Verdict verdict = refused.verdict();
    String verb = verdict.decision() == Decision.QUARANTINE ? "quarantined" : "blocked";
    StringBuilder body = new StringBuilder("Gatehouse " + verb + " " + what + " by rule " + verdict.rule())
        .append('\n');
    refused.sha256().ifPresent(sha -> body.append("sha256: ").append(sha).append('\n'));
    for (String r : verdict.reasons()) {
      body.append("  - ").append(r).append('\n');
    }
    Optional<QuarantineEntry> entry = refused.entry();
    Optional<String> id = entry.map(QuarantineEntry::id);
    String state = "";
    if (entry.isPresent()) {
      QuarantineEntry e = entry.get();
      for (String line : e.findingsSummary()) {
        body.append("  finding: ").append(line).append('\n');
      }
      String approve = "gatehouse quarantine approve " + e.id() + " --reason '...' --server " + base(call)
          + "\n  or: curl -X POST -H \"Authorization: Bearer $GATEHOUSE_TOKEN\" -d '{\"reason\":\"...\"}' "
          + base(call) + "/api/v1/quarantine/" + e.id() + "/approve";
      if (e.pending()) {
        state = ", pending review";
        body.append("quarantine id: ").append(e.id()).append('\n')
            .append("a reviewer approves it (their token in GATEHOUSE_TOKEN) with:\n  ").append(approve).append('\n');
      } else {
        String decided = e.review().map(r -> e.status().name().toLowerCase(java.util.Locale.ROOT) + " by "
            + r.reviewer() + ": " + r.reason()).orElse(e.status().name());
        state = ", " + decided;
        body.append("quarantine id: ").append(e.id()).append(" (").append(decided).append(")\n");
      }
    }
    // The verdict's first reason is why the rule fired; the entry's first finding when the verdict gives none.
    String finding = verdict.reasons().stream().findFirst()
        .or(() -> entry.flatMap(e -> e.findingsSummary().stream().findFirst())).orElse("");
    String phrase = phrase(what, verb, verdict.rule(), id, state, finding);
    return refusalProblem(body.toString().strip(), phrase, verdict.decision() == Decision.QUARANTINE,
        verdict.rule(), id);
  }

  /**
   * The 403 of a release the metadata filter holds back (the deny list, the cooldown, a block, a quarantine),
   * asked for by a path that names no single judged file, such as npm's {@code /{name}/{version}} document.
   */
  public HttpProblem withheld(ReleaseFilter.Withheld withheld) {
    String sentence = withheld.sentence();
    return refusalProblem("Gatehouse " + sentence, sentence, withheld.verdict().equals("quarantine"),
        withheld.rule(), withheld.quarantineId());
  }

  /**
   * The 403 of a file type Gatehouse cannot analyze, which it refuses rather than serve unexamined: a block by
   * the rule {@code unanalyzable-file-type}, with the verdict headers of every refusal.
   *
   * @param analyzed the file types the registry's artifacts are analyzed as, for the sentence
   */
  public static HttpProblem unanalyzable(String file, String analyzed) {
    String sentence = "Gatehouse refuses " + file + ": it analyzes " + analyzed
        + ", and does not serve file types it cannot analyze";
    return refusalProblem(sentence, sentence, false, UNANALYZABLE_RULE, Optional.empty());
  }

  /**
   * Every refusal's problem: a 403 whose reason phrase is the one-line sentence, and the verdict headers a script
   * or proxy reads without parsing a body.
   */
  private static HttpProblem refusalProblem(String body, String phrase, boolean quarantine, String rule,
      Optional<String> quarantineId) {
    String line = HttpProblem.oneLine(phrase, HttpProblem.MAX_REASON_PHRASE);
    Map<String, String> headers = new TreeMap<>();
    headers.put(VERDICT_HEADER, quarantine ? "quarantine" : "block");
    headers.put(RULE_HEADER, HttpProblem.oneLine(rule, 200));
    quarantineId.ifPresent(id -> headers.put(QUARANTINE_ID_HEADER, id));
    headers.put(REASON_HEADER, line);
    return new HttpProblem(HttpResponseStatus.FORBIDDEN, body, line, headers);
  }

  /**
   * The reason phrase: package, version and file, the verdict, rule and quarantine id first, the main finding
   * last, because Maven and Gradle cut long phrases; {@link HttpProblem#oneLine} cuts it at a word boundary.
   */
  static String phrase(String what, String verb, String rule, Optional<String> quarantineId, String state,
      String finding) {
    StringBuilder phrase = new StringBuilder(what).append(' ').append(verb).append(" by Gatehouse rule ").append(rule);
    quarantineId.ifPresent(id -> phrase.append(", quarantine id ").append(id));
    phrase.append(state);
    if (!finding.isBlank()) {
      phrase.append(": ").append(finding);
    }
    return HttpProblem.oneLine(phrase.toString(), HttpProblem.MAX_REASON_PHRASE);
  }

  /** Maven prints only the status line, so every problem of an artifact request carries its sentence there too. */
  private static HttpProblem withPhrase(HttpProblem problem) {
    return problem.withReasonPhrase(problem.sentence());
  }

  private String base(HttpCall call) {
    return adminHint;
  }
}
