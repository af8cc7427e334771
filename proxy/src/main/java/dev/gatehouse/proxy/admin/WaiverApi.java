package dev.gatehouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.gate.Gate;
import dev.gatehouse.core.identity.Identity;
import dev.gatehouse.core.gate.GateStorage;
import dev.gatehouse.core.quarantine.Waivers;
import dev.gatehouse.core.store.StoredVerdict;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.Policy;
import dev.gatehouse.policy.Waiver;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code /api/v1/waivers}: create, list and delete waivers of package versions. A waiver and the verdicts it changes
 * (the stored quarantines of the versions in its range, or the waived verdicts a deletion takes back) commit in one
 * transaction, so the next request is served or held accordingly. A waiver never lifts a block or a rejection.
 */
final class WaiverApi {
  private final GateStorage storage;
  private final Gate gate;
  private final AdminJson json;
  private final Clock clock;

  WaiverApi(GateStorage storage, Gate gate, AdminJson json, Clock clock) {
    this.storage = requireNonNull(storage, "storage");
    this.gate = requireNonNull(gate, "gate");
    this.json = requireNonNull(json, "json");
    this.clock = requireNonNull(clock, "clock");
  }

  /** {@code parts} is the path below {@code /api/v1/}, starting with {@code waivers}. */
  HttpReply handle(HttpCall call, String[] parts) throws IOException {
    if (parts.length == 1) {
      if (HttpMethod.GET.equals(call.method())) {
        return json.reply(HttpResponseStatus.OK, json.waivers(storage.quarantine().waivers().list(), clock.instant()));
      }
      if (HttpMethod.POST.equals(call.method())) {
        return create(call);
      }
      return HttpProblem.methodNotAllowed(call.method().name(), "GET, POST");
    }
    if (parts.length == 2) {
      if (!HttpMethod.DELETE.equals(call.method())) {
        return HttpProblem.methodNotAllowed(call.method().name(), "DELETE");
      }
      return delete(call, parts[1]);
    }
    return HttpProblem.notFound("no admin resource at " + call.rawPath());
  }

  private HttpReply create(HttpCall call) throws IOException {
    byte[] body = call.body();
    String ecosystemKey = json.text(body, "ecosystem").orElseThrow(() -> missing());
    String name = json.text(body, "package").orElseThrow(() -> missing());
    String versions = json.text(body, "versions").orElseThrow(() -> missing());
    String reason = json.text(body, "reason").orElseThrow(() -> missing());
    Optional<Instant> expiresAt = json.instant(body, "expiresAt");
    Ecosystem ecosystem = AdminApi.ecosystem(ecosystemKey);
    String reviewer = reviewer(call);
    Instant now = clock.instant();
    Changed changed = storage.catalog().unitOfWork("waive versions " + versions + " of " + name, () -> {
      Waiver waiver = storage.quarantine().waivers().create(ecosystem, name, versions, reason, reviewer, expiresAt,
          now);
      return new Changed(waiver, rederive(ecosystem, waiver.name(),
          v -> v.verdict().decision() == Decision.QUARANTINE && waiver.versions().contains(v.ref().version())));
    });
    return json.reply(HttpResponseStatus.CREATED, changed.json(json, now));
  }

  private HttpReply delete(HttpCall call, String id) throws IOException {
    if (!Waivers.isId(id)) {
      return HttpProblem.notFound("no waiver has id " + HttpProblem.printable(id));
    }
    String reviewer = reviewer(call);
    Instant now = clock.instant();
    Optional<Changed> changed = storage.catalog().unitOfWork("delete waiver " + id, () -> {
      Optional<Waiver> deleted = storage.quarantine().waivers().delete(id, reviewer, now);
      if (deleted.isEmpty()) {
        return Optional.<Changed>empty();
      }
      Waiver waiver = deleted.get();
      return Optional.of(new Changed(waiver, rederive(waiver.ecosystem(), waiver.name(),
          v -> v.verdict().rule().equals(Policy.WAIVED_RULE))));
    });
    if (changed.isEmpty()) {
      return HttpProblem.notFound("no waiver has id " + id + ", or it was deleted before");
    }
    return json.reply(HttpResponseStatus.OK, changed.get().json(json, now));
  }

  /** Derives again, in the caller's unit of work, the stored verdicts of one package that {@code which} selects. */
  private List<StoredVerdict> rederive(Ecosystem ecosystem, String name, Predicate<StoredVerdict> which)
      throws IOException {
    List<StoredVerdict> derived = new ArrayList<>();
    for (StoredVerdict stored : storage.verdicts().ofPackage(ecosystem, name)) {
      if (which.test(stored)) {
        gate.reconsider(stored.ref(), stored.sha256()).ifPresent(derived::add);
      }
    }
    return derived;
  }

  /** Who creates or deletes a waiver: the one place this class names its caller. */
  private static String reviewer(HttpCall call) {
    return call.caller().map(Identity::name).orElseThrow(() -> new IllegalStateException("no caller"));
  }

  private static IllegalArgumentException missing() {
    return new IllegalArgumentException("send a JSON body such as {\"ecosystem\": \"npm\", \"package\": \"esbuild\", "
        + "\"versions\": \"^0.25.0\", \"reason\": \"reviewed the install script\", \"expiresAt\": "
        + "\"2026-06-30T00:00:00Z\"}; expiresAt may be left out");
  }

  /** A waiver and the verdicts its creation or deletion derived again. */
  private record Changed(Waiver waiver, List<StoredVerdict> verdicts) {
    ObjectNode json(AdminJson json, Instant now) {
      ObjectNode node = json.waiver(waiver, now);
      ArrayNode items = node.putArray("verdicts");
      for (StoredVerdict v : verdicts) {
        ObjectNode item = items.addObject();
        item.put("version", v.ref().version());
        item.put("file", v.ref().file());
        item.put("decision", v.verdict().decision().key());
        item.put("rule", v.verdict().rule());
      }
      return node;
    }
  }
}
