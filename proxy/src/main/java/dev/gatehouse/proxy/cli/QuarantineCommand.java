package dev.gatehouse.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse quarantine list|show|approve|reject}: the review queue of a running Gatehouse. Listing and
 * showing need the reader role, approving and rejecting the reviewer role; the reviewer recorded is the token's
 * name.
 */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
    description = "Work the quarantine: list and show entries, approve or reject them.",
    subcommands = {QuarantineCommand.List.class, QuarantineCommand.Show.class, QuarantineCommand.Approve.class,
        QuarantineCommand.Reject.class})
final class QuarantineCommand {
  private QuarantineCommand() {}

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List entries, newest first.")
  static final class List extends RemoteCommand {
    @Option(names = "--status", paramLabel = "STATUS", description = "pending, approved, rejected or lifted.")
    String status;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N entries (${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    void run(ServerClient client, PrintWriter out) throws ServerClient.ServerProblem {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("status", status);
      query.put("limit", Integer.toString(limit));
      JsonNode entries = client.get("/api/v1/quarantine", query);
      if (json) {
        Json.print(client, out, entries);
        return;
      }
      Table table = new Table("ID", "STATUS", "ECOSYSTEM", "PACKAGE", "VERSION", "RULE", "CREATED");
      for (JsonNode e : entries.path("entries")) {
        table.row(e.path("id").asText(), e.path("status").asText(), e.path("ecosystem").asText(),
            e.path("package").asText(), e.path("version").asText(), e.path("rule").asText(),
            e.path("createdAt").asText());
      }
      table.print(out);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one entry with its findings.")
  static final class Show extends RemoteCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    void run(ServerClient client, PrintWriter out) throws ServerClient.ServerProblem {
      JsonNode e = client.get("/api/v1/quarantine/" + ServerClient.segment(id));
      if (json) {
        Json.print(client, out, e);
        return;
      }
      out.println(e.path("id").asText() + "  " + e.path("status").asText());
      out.println("package:  " + e.path("ecosystem").asText() + " " + e.path("package").asText() + " "
          + e.path("version").asText() + " (" + e.path("file").asText() + ")");
      out.println("sha256:   " + e.path("sha256").asText());
      out.println("rule:     " + e.path("rule").asText());
      out.println("held at:  " + e.path("createdAt").asText());
      for (JsonNode reason : e.path("reasons")) {
        out.println("  - " + reason.asText());
      }
      for (JsonNode finding : e.path("findingsSummary")) {
        out.println("  finding: " + finding.asText());
      }
      JsonNode review = e.path("review");
      if (!review.isMissingNode() && !review.isNull()) {
        out.println(e.path("status").asText() + " by " + review.path("reviewer").asText() + " at "
            + review.path("at").asText() + ": " + review.path("reason").asText());
      }
    }
  }

  @Command(name = "approve", mixinStandardHelpOptions = true,
      description = "Approve an entry: exactly these bytes with these findings are served from now on.")
  static final class Approve extends RemoteCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why it may be served.")
    String reason;

    @Option(names = "--expires", paramLabel = "WHEN",
        description = "When the approval lapses: an ISO instant (2026-06-30T00:00:00Z) or a time from now (30d, 12h).")
    String expires;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    void run(ServerClient client, PrintWriter out) throws ServerClient.ServerProblem {
      ObjectNode body = client.mapper().createObjectNode().put("reason", reason);
      if (expires != null) {
        body.put("expiresAt", When.parse("--expires", expires, Instant.now(), +1).toString());
      }
      decide(client, out, id, "approve", body, json);
    }
  }

  @Command(name = "reject", mixinStandardHelpOptions = true,
      description = "Reject an entry: it stays refused, with this reason.")
  static final class Reject extends RemoteCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why it stays refused.")
    String reason;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    void run(ServerClient client, PrintWriter out) throws ServerClient.ServerProblem {
      decide(client, out, id, "reject", client.mapper().createObjectNode().put("reason", reason), json);
    }
  }

  private static void decide(ServerClient client, PrintWriter out, String id, String verb, ObjectNode body,
      boolean json) throws ServerClient.ServerProblem {
    JsonNode answer = client.post("/api/v1/quarantine/" + ServerClient.segment(id) + "/" + verb, body);
    if (json) {
      Json.print(client, out, answer);
      return;
    }
    JsonNode entry = answer.has("entry") ? answer.path("entry") : answer;
    String message = answer.path("message").asText("");
    out.println(message.isEmpty() ? entry.path("id").asText() + " " + entry.path("status").asText() : message);
    JsonNode review = entry.path("review");
    if (!review.isMissingNode()) {
      out.println(entry.path("ecosystem").asText() + " " + entry.path("package").asText() + " "
          + entry.path("version").asText() + ": " + entry.path("status").asText() + " by "
          + review.path("reviewer").asText());
    }
  }
}
