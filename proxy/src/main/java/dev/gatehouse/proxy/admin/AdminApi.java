package dev.gatehouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.gate.Gate;
import dev.gatehouse.core.gate.GateStorage;
import dev.gatehouse.core.identity.Identity;
import dev.gatehouse.core.identity.Tokens;
import dev.gatehouse.core.quarantine.Quarantine;
import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.core.quarantine.ReviewAction;
import dev.gatehouse.core.quarantine.ReviewOutcome;
import dev.gatehouse.core.store.ScratchSpace;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.http.Route;
import dev.gatehouse.proxy.policy.PolicyApi;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code /api/v1/}: the quarantine (list, show, approve, reject, revoke), waivers, the audit log, stored verdicts,
 * tokens ({@link TokenApi}), the policy and daily figures, behind {@link dev.gatehouse.proxy.access.Access}, which
 * admits a call only with a token of the role {@link Permissions} names for it. The reviewer of a decision is the
 * token's name. A decision re-derives the artifact's verdict in its own transaction ({@link Decisions}), so the next
 * request is served or refused accordingly.
 */
public final class AdminApi implements Route {
  public static final String PREFIX = "/api/v1/";
  /** Entries or verdicts listed when the request names no {@code limit}. */
  private static final int DEFAULT_LIMIT = 100;

  private final GateStorage storage;
  private final TokenApi tokens;

  private final Gate gate;
  private final Clock clock;
  private final Route work;
  private final AdminJson json = new AdminJson();
  private final PolicyApi policy;
  private final StatsApi stats;
  private final Decisions decisions;
  private final AuditApi auditApi;
  private final WaiverApi waiverApi;

  public AdminApi(Tokens tokens, GateStorage storage, Gate gate, AuditLog audit, PolicyApi policy, StatsApi stats,
      ScratchSpace scratch, Executor blocking, Clock clock) {
    this.tokens = new TokenApi(tokens, json);
    this.stats = requireNonNull(stats, "stats");
    this.policy = requireNonNull(policy, "policy");
    this.storage = requireNonNull(storage, "storage");
    this.gate = requireNonNull(gate, "gate");
    this.clock = requireNonNull(clock, "clock");
    this.work = Route.blocking(blocking, this::route);
    this.decisions = new Decisions(storage, gate);
    this.auditApi = new AuditApi(audit, storage.quarantine(), json, scratch);
    this.waiverApi = new WaiverApi(storage, gate, json, clock);
  }

  @Override
  public CompletableFuture<HttpReply> handle(HttpCall call) {
    return work.handle(call);
  }

  private HttpReply route(HttpCall call) throws IOException {
    String[] parts = call.rawPath().substring(PREFIX.length()).split("/", -1);
    try {
      if (parts[0].equals("quarantine")) {
        return quarantine(call, parts);
      }
      if (parts[0].equals("policy")) {
        return policy.route(call, parts);
      }
      if (TokenApi.serves(parts)) {
        return tokens.route(call, parts);
      }
      if (parts[0].equals("audit")) {
        return auditApi.handle(call, parts);
      }
      if (parts[0].equals("waivers")) {
        return waiverApi.handle(call, parts);
      }
      if (parts.length == 2 && parts[0].equals("stats") && parts[1].equals("daily")) {
        return get(call) ? stats.daily(call) : HttpProblem.methodNotAllowed(call.method().name(), "GET");
      }
      if (parts.length == 1 && parts[0].equals("verdicts")) {
        return get(call) ? verdicts(call) : HttpProblem.methodNotAllowed(call.method().name(), "GET");
      }
    } catch (IllegalArgumentException invalid) {
      return HttpProblem.badRequest(invalid.getMessage());
    }
    return HttpProblem.notFound("no admin resource at " + call.rawPath()
        + "; see /api/v1/quarantine, /api/v1/waivers, /api/v1/audit and /api/v1/verdicts");
  }

  private HttpReply quarantine(HttpCall call, String[] parts) throws IOException {
    if (parts.length == 1) {
      if (!get(call)) {
        return HttpProblem.methodNotAllowed(call.method().name(), "GET");
      }
      int limit = intParam(call, "limit", DEFAULT_LIMIT, Quarantine.MAX_PAGE);
      long offset = intParam(call, "offset", 0, Integer.MAX_VALUE);
      Optional<String> status = call.param("status");
      if (call.param("ecosystem").isPresent() || call.param("package").isPresent()) {
        return json.reply(HttpResponseStatus.OK, json.entries(storage.quarantine().search(status.map(AdminApi::status),
            call.param("ecosystem").map(AdminApi::ecosystem), call.param("package"), limit, offset)));
      }
      List<QuarantineEntry> entries = status.isPresent()
          ? storage.quarantine().list(status(status.get()), limit, offset)
          : storage.quarantine().list(limit, offset);
      return json.reply(HttpResponseStatus.OK, json.entries(entries));
    }
    String id = parts[1];
    if (parts.length == 2) {
      if (!get(call)) {
        return HttpProblem.methodNotAllowed(call.method().name(), "GET");
      }
      Optional<QuarantineEntry> entry = QuarantineEntry.isId(id) ? storage.quarantine().get(id) : Optional.empty();
      if (entry.isEmpty()) {
        return HttpProblem.notFound("no quarantine entry has id " + HttpProblem.printable(id));
      }
      return json.reply(HttpResponseStatus.OK, json.withDecisions(
          json.entry(entry.get(), storage.analyses().latest(entry.get().sha256())),
          storage.quarantine().decisions(id)));
    }
    Optional<ReviewAction> action = parts.length == 3 ? Arrays.stream(ReviewAction.values())
        .filter(a -> a.key().equals(parts[2])).findFirst() : Optional.empty();
    if (action.isPresent()) {
      if (!HttpMethod.POST.equals(call.method())) {
        return HttpProblem.methodNotAllowed(call.method().name(), "POST");
      }
      return review(call, id, action.get());
    }
    return HttpProblem.notFound("no admin resource at " + call.rawPath());
  }

  private HttpReply review(HttpCall call, String id, ReviewAction action) throws IOException {
    Optional<String> reason = json.reason(call.body());
    if (reason.isEmpty() || reason.get().isBlank()) {
      return HttpProblem.badRequest("send a JSON body with a reason, such as {\"reason\": \"reviewed the processor\"}");
    }
    if (reason.get().length() > Quarantine.MAX_REASON_LENGTH) {
      return HttpProblem.badRequest("the reason is longer than " + Quarantine.MAX_REASON_LENGTH + " characters");
    }
    Optional<Instant> expiresAt = json.instant(call.body(), "expiresAt");
    if (expiresAt.isPresent() && action != ReviewAction.APPROVE) {
      return HttpProblem.badRequest("only an approval takes expiresAt");
    }
    String reviewer = call.caller().map(Identity::name).orElseThrow(() -> new IllegalStateException("no caller"));
    if (reviewer.length() > Quarantine.MAX_REVIEWER_LENGTH) {
      return HttpProblem.badRequest("the token name is longer than " + Quarantine.MAX_REVIEWER_LENGTH + " characters");
    }
    if (!QuarantineEntry.isId(id)) {
      return HttpProblem.notFound("no quarantine entry has id " + HttpProblem.printable(id));
    }
    Instant now = clock.instant();
    Decisions.Review review = decisions.decide(id, action, reviewer, reason.get().strip(), expiresAt, now);
    ReviewOutcome outcome = review.outcome();
    if (outcome.result() == ReviewOutcome.Result.DONE) {
      gate.reviewed(outcome.entry().orElseThrow()); // committed: the webhooks may tell of it
    }
    return switch (outcome.result()) {
      case DONE -> json.reply(HttpResponseStatus.OK,
          json.review(review.message(), outcome.entry().orElseThrow(), review.verdict()));
      case NOT_FOUND -> HttpProblem.notFound(outcome.message());
      case ALREADY_DECIDED, NOT_APPROVED -> HttpProblem.of(HttpResponseStatus.CONFLICT, outcome.message());
    };
  }

  private HttpReply verdicts(HttpCall call) throws IOException {
    String ecosystem = call.param("ecosystem").orElseThrow(
        () -> new IllegalArgumentException("name the package with ?ecosystem=maven&package=group:artifact"));
    String name = call.param("package").orElseThrow(
        () -> new IllegalArgumentException("name the package with ?ecosystem=maven&package=group:artifact"));
    return json.reply(HttpResponseStatus.OK, json.verdicts(storage.verdicts().ofPackage(ecosystem(ecosystem), name)));
  }

  private static boolean get(HttpCall call) {
    return HttpMethod.GET.equals(call.method());
  }

  static int intParam(HttpCall call, String name, int fallback, int max) {
    Optional<String> value = call.param(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.get());
      if (n < 0 || n > max) {
        throw new IllegalArgumentException(name + " must be between 0 and " + max + ", was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a number, was \"" + HttpProblem.printable(value.get()) + "\"");
    }
  }

  static Instant instant(String name, String value) {
    try {
      return value.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(value)) : Instant.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z or epoch "
          + "milliseconds, was \"" + HttpProblem.printable(value) + "\"");
    }
  }

  static Ecosystem ecosystem(String key) {
    Ecosystem e = Ecosystem.fromKey(key.toLowerCase(Locale.ROOT));
    if (e == null) {
      throw new IllegalArgumentException(
          "ecosystem must be maven, npm or pypi, was \"" + HttpProblem.printable(key) + "\"");
    }
    return e;
  }

  static Decision decision(String key) {
    for (Decision d : Decision.values()) {
      if (d.key().equalsIgnoreCase(key)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "decision must be allow, quarantine or block, was \"" + HttpProblem.printable(key) + "\"");
  }

  private static QuarantineEntry.Status status(String key) {
    for (QuarantineEntry.Status s : QuarantineEntry.Status.values()) {
      if (s.name().equalsIgnoreCase(key)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "status must be pending, approved, rejected or lifted, was \"" + HttpProblem.printable(key) + "\"");
  }
}
