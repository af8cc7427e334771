package dev.gatehouse.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.policy.Policy;
import dev.gatehouse.policy.PolicyException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse policy check FILE}: validates a policy file here, and with a server ({@code --server} or {@code
 * GATEHOUSE_URL}) and a token ({@code GATEHOUSE_TOKEN} or {@code GATEHOUSE_ADMIN_TOKEN}) prints the server's dry run
 * of it: the stored verdicts and served documents it would change. A file that is not a valid policy prints the file,
 * the key and what is wrong, and exits 2; a server that cannot be reached or refuses exits 1. Its HTTP client is
 * kept to a few lines here, to be folded into the shared CLI client.
 */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Work with policy files.",
    subcommands = PolicyCommand.Check.class)
public final class PolicyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code gatehouse policy check FILE [--server URL] [--json]}. */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Validate a policy file; with a server, print what it would change there (a dry run).")
  static final class Check implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file.")
    Path file;

    @Option(names = "--server", paramLabel = "URL",
        description = "Gatehouse to ask for a dry run, such as http://localhost:8080 (default: GATEHOUSE_URL).")
    String server;

    @Option(names = "--json", description = "Print the server's report as JSON, for scripts.")
    boolean json;

    private final Map<String, String> environment;

    Check() {
      this(System.getenv());
    }

    Check(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Policy policy;
      String text;
      try {
        policy = Policy.load(file);
        text = Files.readString(file, StandardCharsets.UTF_8); // read after load, which bounds and checks it
      } catch (PolicyException invalid) {
        err.println("gatehouse: " + invalid.getMessage());
        return GatehouseCommand.EXIT_CONFIG;
      } catch (IOException unreadable) {
        err.println("gatehouse: " + file + ": " + unreadable.getMessage());
        return GatehouseCommand.EXIT_CONFIG;
      }
      Optional<String> url = Optional.ofNullable(server).or(() -> variable("GATEHOUSE_URL"));
      if (url.isEmpty()) {
        out.printf("%s is a valid policy: %d rules, version %s%n", file, policy.rules().size(), policy.version());
        return 0;
      }
      Optional<String> token = variable("GATEHOUSE_TOKEN").or(() -> variable("GATEHOUSE_ADMIN_TOKEN"));
      if (token.isEmpty()) {
        err.println("gatehouse: set GATEHOUSE_TOKEN (or GATEHOUSE_ADMIN_TOKEN) to a reviewer's or admin's token "
            + "to ask " + url.get() + " for a dry run");
        return GatehouseCommand.EXIT_CONFIG;
      }
      URI base;
      try {
        base = URI.create(url.get());
      } catch (IllegalArgumentException badUrl) {
        err.println("gatehouse: --server/GATEHOUSE_URL is not a URL: " + url.get());
        return GatehouseCommand.EXIT_CONFIG;
      }
      JsonNode report;
      try {
        report = new ServerClient(base, token).post("/api/v1/policy/check", "application/yaml; charset=utf-8", text);
      } catch (ServerClient.ServerProblem problem) {
        err.println("gatehouse: " + problem.getMessage());
        return 1;
      }
      if (json) {
        out.println(report.toString());
      } else {
        print(report, out);
      }
      out.flush();
      return 0;
    }

    private Optional<String> variable(String name) {
      return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
    }

    /** The report for people: two tables and the counts of what was not listed or not looked at. */
    static void print(JsonNode report, PrintWriter out) {
      out.printf("Dry run of policy %s against %s in force%n", shortVersion(report.path("to").asText()),
          shortVersion(report.path("from").asText()));
      out.printf("%nStored verdicts that would change: %d of %d examined%n",
          report.path("verdicts").size() + report.path("verdictsNotListed").asLong(),
          report.path("verdictsExamined").asLong());
      if (!report.path("verdicts").isEmpty()) {
        Table verdicts = new Table("ECOSYSTEM", "PACKAGE", "VERSION", "FILE", "NOW", "WOULD BE");
        for (JsonNode c : report.path("verdicts")) {
          verdicts.row(c.path("ecosystem").asText(), c.path("package").asText(), c.path("version").asText(),
              c.path("file").asText(), decision(c.path("old")), decision(c.path("new")));
        }
        verdicts.print(out);
      }
      more(out, report.path("verdictsNotListed").asLong(), "changed verdicts not listed");
      more(out, report.path("verdictsNotExamined").asLong(), "stored verdicts not examined");
      out.printf("%nServed documents that would change: %d%n",
          report.path("documents").size() + report.path("documentsNotListed").asLong());
      if (!report.path("documents").isEmpty()) {
        Table documents = new Table("ECOSYSTEM", "PACKAGE", "SHOWN", "HIDDEN", "LATEST");
        for (JsonNode d : report.path("documents")) {
          JsonNode latest = d.path("latest");
          documents.row(d.path("ecosystem").asText(), d.path("package").asText(), joined(d.path("shown")),
              joined(d.path("hidden")), latest.isMissingNode() ? "-"
                  : latest.path("old").asText("(none)") + " -> " + latest.path("new").asText("(none)"));
        }
        documents.print(out);
      }
      more(out, report.path("documentsNotListed").asLong(), "changed documents not listed");
    }

    private static String decision(JsonNode side) {
      return side.path("decision").asText() + " (" + side.path("rule").asText() + ")";
    }

    private static String joined(JsonNode versions) {
      List<String> all = new ArrayList<>();
      versions.forEach(v -> all.add(v.asText()));
      return all.isEmpty() ? "-" : String.join(", ", all);
    }

    private static String shortVersion(String version) {
      return version.length() > 12 ? version.substring(0, 12) : version;
    }

    private static void more(PrintWriter out, long count, String what) {
      if (count > 0) {
        out.printf("  ... and %d %s%n", count, what);
      }
    }
  }
}
