package dev.gatehouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditPage;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.quarantine.Quarantine;
import dev.gatehouse.core.store.ScratchSpace;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /api/v1/audit} and below: pages of events, the export (JSON Lines or CSV), and the auditor's two questions,
 * "who downloaded this package version" ({@code /audit/downloaders}) and "what did this host download" ({@code
 * /audit/downloads}), and the trail of reviewers' decisions ({@code /audit/decisions}). A query parameter an endpoint does not know is answered 400 with the ones it knows: a filter
 * silently ignored would answer a narrower question with a wider result.
 */
final class AuditApi {
  private static final int DEFAULT_LIMIT = 100;
  private static final List<String> FILTERS = List.of("from", "to", "ecosystem", "package", "version", "decision",
      "status", "client", "user");
  private static final List<String> CSV_COLUMNS = List.of("time", "client", "user", "ecosystem", "package", "version",
      "file", "sha256", "decision", "rule", "status", "bytes", "requestId");

  private final AuditLog audit;
  private final Quarantine quarantine;
  private final AdminJson json;

  private final ScratchSpace scratch;

  AuditApi(AuditLog audit, Quarantine quarantine, AdminJson json, ScratchSpace scratch) {
    this.scratch = requireNonNull(scratch, "scratch");
    this.audit = requireNonNull(audit, "audit");
    this.quarantine = requireNonNull(quarantine, "quarantine");
    this.json = requireNonNull(json, "json");
  }

  /** {@code parts} is the path below {@code /api/v1/}, starting with {@code audit}. */
  HttpReply handle(HttpCall call, String[] parts) throws IOException {
    if (!HttpMethod.GET.equals(call.method())) {
      return HttpProblem.methodNotAllowed(call.method().name(), "GET");
    }
    String what = parts.length == 1 ? "" : parts.length == 2 ? parts[1] : null;
    if (what == null) {
      return HttpProblem.notFound("no admin resource at " + call.rawPath());
    }
    return switch (what) {
      case "" -> {
        known(call, "/api/v1/audit", FILTERS, "cursor", "limit");
        AuditQuery query = filters(call, AdminApi.intParam(call, "limit", DEFAULT_LIMIT, AuditQuery.MAX_LIMIT));
        yield json.reply(HttpResponseStatus.OK, json.audit(audit.query(call.param("cursor").map(query::after)
            .orElse(query))));
      }
      case "export" -> {
        known(call, "/api/v1/audit/export", FILTERS, "format");
        yield export(call);
      }
      case "downloaders" -> {
        known(call, "/api/v1/audit/downloaders", List.of("ecosystem", "package", "version", "from", "to", "limit"));
        Ecosystem ecosystem = AdminApi.ecosystem(call.param("ecosystem").orElseThrow(() -> new IllegalArgumentException(
            "name the package with ?ecosystem=pypi&package=litellm, and a version with &version=1.82.8")));
        String name = call.param("package").orElseThrow(() -> new IllegalArgumentException(
            "name the package with ?ecosystem=pypi&package=litellm, and a version with &version=1.82.8"));
        yield json.reply(HttpResponseStatus.OK, json.downloaders(audit.downloaders(ecosystem, name,
            call.param("version").orElse(null), from(call), to(call),
            AdminApi.intParam(call, "limit", AuditQuery.MAX_LIMIT, AuditQuery.MAX_LIMIT))));
      }
      case "downloads" -> {
        known(call, "/api/v1/audit/downloads", List.of("client", "user", "from", "to", "limit"));
        Optional<String> client = call.param("client");
        Optional<String> user = call.param("user");
        if (client.isPresent() == user.isPresent()) {
          throw new IllegalArgumentException("name one host with ?client=10.0.0.7 or one user with ?user=ci-runner");
        }
        yield json.reply(HttpResponseStatus.OK, json.downloads(audit.downloads(client.orElse(null),
            user.orElse(null), from(call), to(call),
            AdminApi.intParam(call, "limit", AuditQuery.MAX_LIMIT, AuditQuery.MAX_LIMIT))));
      }
      case "decisions" -> {
        known(call, "/api/v1/audit/decisions", List.of("from", "to", "reviewer", "limit"));
        yield json.reply(HttpResponseStatus.OK, json.decisions(quarantine.decisions(from(call), to(call),
            call.param("reviewer").orElse(null), AdminApi.intParam(call, "limit", DEFAULT_LIMIT, Quarantine.MAX_PAGE))));
      }
      default -> HttpProblem.notFound("no admin resource at " + call.rawPath() + "; see /api/v1/audit, "
          + "/api/v1/audit/export, /api/v1/audit/downloaders, /api/v1/audit/downloads and /api/v1/audit/decisions");
    };
  }

  /**
   * Writes every matching event, newest first, page by page to a file that is deleted at once and sent from its open
   * channel: the export is never held in memory, however many events match, and leaves nothing on disk.
   */
  private HttpReply export(HttpCall call) throws IOException {
    String format = call.param("format").orElse("jsonl");
    if (!format.equals("jsonl") && !format.equals("csv")) {
      throw new IllegalArgumentException("format must be jsonl or csv, was \"" + HttpProblem.printable(format) + "\"");
    }
    AuditQuery query = filters(call, AuditQuery.MAX_LIMIT);
    Path spool = scratch.newFile(); // node-local, and swept at start should a crash leave it
    FileChannel channel = FileChannel.open(spool, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      Files.delete(spool); // the open channel keeps the bytes until the response is sent; nothing is left behind
      Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8);
      if (format.equals("csv")) {
        out.write(String.join(",", CSV_COLUMNS) + "\r\n");
      }
      AuditPage page = audit.query(query);
      while (true) {
        for (AuditEvent e : page.events()) {
          out.write(format.equals("csv") ? csv(e) : json.line(json.event(e)) + "\n");
        }
        if (page.nextCursor().isEmpty()) {
          break;
        }
        page = audit.query(query.after(page.nextCursor().get()));
      }
      out.flush();
      long length = channel.position();
      channel.position(0);
      String type = format.equals("csv") ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
      return new HttpReply.FileBody(HttpResponseStatus.OK, type, channel, length,
          Map.of("Content-Disposition", "attachment; filename=\"gatehouse-audit." + format + "\""));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** RFC 4180, with cells that a spreadsheet would read as a formula prefixed by an apostrophe. */
  private static String csv(AuditEvent e) {
    List<Object> cells = List.of(e.time().toString(), e.clientAddress(), n(e.user()), e.ecosystem().key(), n(e.name()),
        n(e.version()), n(e.file()), n(e.sha256()), e.decision() == null ? "" : e.decision().key(), n(e.rule()),
        e.status(), e.bytesSent(), e.requestId());
    StringBuilder line = new StringBuilder();
    for (Object cell : cells) {
      String text = cell.toString();
      if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
        text = "'" + text;
      }
      if (line.length() > 0) {
        line.append(',');
      }
      line.append(text.matches("[^,\"\r\n]*") ? text : "\"" + text.replace("\"", "\"\"") + "\"");
    }
    return line.append("\r\n").toString();
  }

  private static String n(String value) {
    return value == null ? "" : value;
  }

  private static AuditQuery filters(HttpCall call, int limit) {
    AuditQuery query = AuditQuery.newest(limit);
    Instant from = from(call);
    Instant to = to(call);
    if (from != null || to != null) {
      query = query.between(from, to);
    }
    Optional<String> ecosystem = call.param("ecosystem");
    if (ecosystem.isPresent()) {
      query = query.withEcosystem(AdminApi.ecosystem(ecosystem.get()));
    }
    query = call.param("package").map(query::withName).orElse(query);
    query = call.param("version").map(query::withVersion).orElse(query);
    Optional<String> decision = call.param("decision");
    if (decision.isPresent()) {
      query = query.withDecision(AdminApi.decision(decision.get()));
    }
    if (call.param("status").isPresent()) {
      query = query.withStatus(AdminApi.intParam(call, "status", 0, 599));
    }
    query = call.param("client").map(query::withClient).orElse(query);
    query = call.param("user").map(query::withUser).orElse(query);
    return query;
  }

  private static Instant from(HttpCall call) {
    return call.param("from").map(v -> AdminApi.instant("from", v)).orElse(null);
  }

  private static Instant to(HttpCall call) {
    return call.param("to").map(v -> AdminApi.instant("to", v)).orElse(null);
  }

  /** Refuses a query parameter {@code path} does not know, naming it and the ones it knows. */
  private static void known(HttpCall call, String path, List<String> filters, String... more) {
    Set<String> known = new TreeSet<>(filters);
    known.addAll(List.of(more));
    for (String name : new TreeSet<>(call.query().keySet())) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown query parameter \"" + HttpProblem.printable(name) + "\" for "
            + path + "; it knows " + String.join(", ", known));
      }
    }
  }
}
