package dev.gatehouse.proxy.registry;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.gate.GateResult;
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

/**
 * Turns a {@link GateResult} into the response every ecosystem sends: the blob, or a problem whose status
 * line and body say why. A refusal's reason phrase names the artifact, the rule, the main finding and, for
 * a quarantine, its id and how to ask for review, because {@code mvn} prints only the status line; the
 * body repeats it with every reason for clients that show bodies ({@code npm}, {@code pip}, {@code curl}).
 */
public final class ArtifactReplies {
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
    String head = "Gatehouse " + verb + " " + what + " by rule " + verdict.rule();
    String tail = "";
    StringBuilder body = new StringBuilder(head).append('\n');
    refused.sha256().ifPresent(sha -> body.append("sha256: ").append(sha).append('\n'));
    for (String r : verdict.reasons()) {
      body.append("  - ").append(r).append('\n');
    }
    Optional<QuarantineEntry> entry = refused.entry();
    if (entry.isPresent()) {
      QuarantineEntry e = entry.get();
      for (String line : e.findingsSummary()) {
        body.append("  finding: ").append(line).append('\n');
      }
      String curl = "curl -X POST -H \"Authorization: Bearer $GATEHOUSE_ADMIN_TOKEN\" -d '{\"reason\":\"...\"}' "
          + base(call) + "/api/v1/quarantine/" + e.id() + "/approve";
      if (e.pending()) {
        tail = "quarantine id " + e.id() + "; a reviewer approves it with: " + curl;
        body.append("quarantine id: ").append(e.id()).append('\n')
            .append("to approve (reviewers, with the admin token):\n  ").append(curl).append('\n');
      } else {
        String decided = e.review().map(r -> e.status().name().toLowerCase(java.util.Locale.ROOT) + " by "
            + r.reviewer() + ": " + r.reason()).orElse(e.status().name());
        tail = "quarantine id " + e.id() + " " + decided;
        body.append("quarantine id: ").append(e.id()).append(" (").append(decided).append(")\n");
      }
    }
    return new HttpProblem(HttpResponseStatus.FORBIDDEN, body.toString().strip(),
        phrase(head, verdict.reasons().isEmpty() ? "" : verdict.reasons().get(0), tail), Map.of());
  }

  /**
   * The reason phrase: the artifact and rule first, the quarantine id and approval call last, and the main
   * finding in between, shortened so that the whole fits the longest phrase sent.
   */
  static String phrase(String head, String reason, String tail) {
    int room = HttpProblem.MAX_REASON_PHRASE - head.length() - tail.length() - 4;
    String middle = reason;
    if (middle.length() > Math.max(room, 0)) {
      middle = room > 20 ? middle.substring(0, room - 3) + "..." : "";
    }
    StringBuilder phrase = new StringBuilder(head);
    if (!middle.isEmpty()) {
      phrase.append(": ").append(middle);
    }
    if (!tail.isEmpty()) {
      phrase.append("; ").append(tail);
    }
    return phrase.toString();
  }

  /** Maven prints only the status line, so every problem of an artifact request carries its sentence there too. */
  private static HttpProblem withPhrase(HttpProblem problem) {
    return problem.withReasonPhrase(problem.sentence());
  }

  private String base(HttpCall call) {
    return adminHint;
  }
}
