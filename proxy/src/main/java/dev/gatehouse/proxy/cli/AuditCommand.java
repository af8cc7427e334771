package dev.gatehouse.proxy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse audit}: who downloaded what, newest first, read page by page from {@code /api/v1/audit} (each
 * page continues at the previous page's cursor) and printed as it arrives, as a table, a JSON array or CSV.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Print the audit log of a running Gatehouse, newest first (needs the reader role).")
final class AuditCommand extends RemoteCommand {
  private static final List<String> FIELDS = List.of("time", "client", "user", "ecosystem", "package", "version",
      "file", "sha256", "decision", "rule", "status", "bytes", "requestId");

  enum Format { table, json, csv }

  @Option(names = "--since", paramLabel = "WHEN",
      description = "Only events since then: an amount (7d, 12h, 30m) or an ISO instant.")
  String since;

  @Option(names = "--package", paramLabel = "NAME", description = "Only this package (exact name).")
  String pkg;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table, json or csv (default ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--page-size", hidden = true, defaultValue = "1000",
      description = "Events asked for per page; the API's largest page by default.")
  int pageSize;

  @Override
  void run(ServerClient client, PrintWriter out) throws ServerClient.ServerProblem {
    Map<String, String> query = new LinkedHashMap<>();
    if (since != null) {
      query.put("from", When.parse("--since", since, Instant.now(), -1).toString());
    }
    query.put("package", pkg);
    query.put("limit", Integer.toString(pageSize));
    Table table = format == Format.table ? new Table("TIME", "CLIENT", "USER", "PACKAGE", "VERSION", "FILE",
        "DECISION", "STATUS") : null;
    if (format == Format.csv) {
      out.println(String.join(",", FIELDS));
    } else if (format == Format.json) {
      out.print("[");
    }
    boolean first = true;
    String cursor = null;
    do {
      Map<String, String> page = new LinkedHashMap<>(query);
      page.put("cursor", cursor);
      JsonNode answer = client.get("/api/v1/audit", page);
      for (JsonNode event : answer.path("events")) {
        switch (format) {
          case table -> table.row(text(event, "time"), text(event, "client"), text(event, "user"),
              text(event, "package"), text(event, "version"), text(event, "file"), text(event, "decision"),
              text(event, "status"));
          case json -> {
            out.print(first ? "\n  " : ",\n  ");
            out.print(json(client, event));
          }
          case csv -> out.println(String.join(",", FIELDS.stream().map(f -> csv(text(event, f))).toList()));
        }
        first = false;
      }
      cursor = answer.path("nextCursor").isTextual() ? answer.path("nextCursor").asText() : null;
      out.flush();
    } while (cursor != null);
    if (format == Format.table) {
      table.print(out);
    } else if (format == Format.json) {
      out.println(first ? "]" : "\n]");
    }
  }

  private static String text(JsonNode event, String field) {
    JsonNode value = event.path(field);
    return value.isMissingNode() || value.isNull() ? "" : value.asText();
  }

  /**
   * A CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell a spreadsheet would run as a
   * formula (it starts with {@code = + - @}) gets a leading apostrophe: package names and user names come from
   * outside.
   */
  static String csv(String value) {
    String cell = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
      return "\"" + cell.replace("\"", "\"\"") + "\"";
    }
    return cell;
  }

  private static String json(ServerClient client, JsonNode event) {
    try {
      return client.mapper().writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed tree always serializes", e);
    }
  }
}
