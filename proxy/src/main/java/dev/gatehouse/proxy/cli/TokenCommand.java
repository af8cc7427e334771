package dev.gatehouse.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse token create|list|revoke}: the named tokens of a running Gatehouse (admin role). */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Create, list and revoke named tokens (needs a token with the admin role).",
    subcommands = {TokenCommand.Create.class, TokenCommand.List.class, TokenCommand.Revoke.class})
final class TokenCommand {
  private TokenCommand() {}

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a token; it is printed only this once.")
  static final class Create extends RemoteCommand {
    @Parameters(paramLabel = "NAME", description = "Who holds it: a person, a build agent, a team.")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
        description = "reader (downloads, reading), reviewer (+ approve, reject), admin (+ tokens, policy).")
    String role;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    void run(ServerClient client, PrintWriter out) throws ServerClient.ServerProblem {
      ObjectNode body = client.mapper().createObjectNode().put("name", name).put("role", role);
      JsonNode created = client.post("/api/v1/tokens", body);
      if (json) {
        Json.print(client, out, created);
        return;
      }
      out.println("Created token " + created.path("name").asText() + " with role " + created.path("role").asText()
          + ". It is shown only this once:");
      out.println(created.path("token").asText());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the named tokens.")
  static final class List extends RemoteCommand {
    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    void run(ServerClient client, PrintWriter out) throws ServerClient.ServerProblem {
      JsonNode tokens = client.get("/api/v1/tokens");
      if (json) {
        Json.print(client, out, tokens);
        return;
      }
      Table table = new Table("NAME", "ROLE", "CREATED", "LAST USED", "REVOKED");
      for (JsonNode t : tokens.path("tokens")) {
        table.row(t.path("name").asText(), t.path("role").asText(), t.path("createdAt").asText(),
            t.path("lastUsedAt").asText(), t.path("revokedAt").asText());
      }
      table.print(out);
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a token: it stops working at once; its name stays taken.")
  static final class Revoke extends RemoteCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    void run(ServerClient client, PrintWriter out) throws ServerClient.ServerProblem {
      JsonNode revoked = client.delete("/api/v1/tokens/" + ServerClient.segment(name));
      if (json) {
        Json.print(client, out, revoked);
        return;
      }
      out.println("Revoked token " + revoked.path("name").asText() + " (since " + revoked.path("revokedAt").asText()
          + ").");
    }
  }
}
