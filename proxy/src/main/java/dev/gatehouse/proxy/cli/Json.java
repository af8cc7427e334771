package dev.gatehouse.proxy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** The {@code --json} output of the remote commands: the server's JSON, indented. */
final class Json {
  private Json() {}

  static void print(ServerClient client, PrintWriter out, JsonNode node) {
    try {
      out.println(client.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed tree always serializes", e);
    }
  }
}
