package dev.gatehouse.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gatehouse policy check FILE}: validated here, and dry-run by a running server when one is named. */
class PolicyCommandTest {
  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {}

  private Run run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new PolicyCommand.Check(environment));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void aBrokenPolicyFileExits2NamingTheFileAndTheKey() throws Exception {
    Path policy = Files.writeString(tmp.resolve("policy.yml"), "deny:\n  - { ecosystem: npm, nmae: left-pad }\n");

    Run run = run(Map.of(), policy.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("gatehouse: ").contains("policy.yml", "nmae").doesNotContain("Exception");
  }

  @Test
  void aValidFileWithoutAServerIsReportedValid() throws Exception {
    Path policy = Files.writeString(tmp.resolve("policy.yml"), "trusted:\n  npm: [left-pad]\n");

    Run run = run(Map.of(), policy.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("policy.yml is a valid policy", "rules, version ");
  }

  @Test
  void withAServerAndATokenItPrintsTheServersDryRunAsATableOrJson() throws Exception {
    Path policy = Files.writeString(tmp.resolve("policy.yml"), "trusted:\n  npm: [left-pad]\n");
    try (TestGatehouse gatehouse = TestGatehouse.builder(tmp.resolve("server")).start()) {
      Map<String, String> env = Map.of("GATEHOUSE_URL", gatehouse.url(""), "GATEHOUSE_TOKEN",
          TestGatehouse.ADMIN_TOKEN);

      Run table = run(env, policy.toString());
      Run json = run(env, policy.toString(), "--json");
      Run wrongToken = run(Map.of("GATEHOUSE_TOKEN", "not-the-token-at-all"), policy.toString(),
          "--server", gatehouse.url(""));

      assertThat(table.exit()).as(table.err()).isZero();
      assertThat(table.out()).contains("Dry run of policy", "Stored verdicts that would change: 0 of 0 examined",
          "Served documents that would change: 0");
      assertThat(json.exit()).isZero();
      assertThat(new ObjectMapper().readTree(json.out()).path("applied").asBoolean(true)).isFalse();
      assertThat(wrongToken.exit()).isEqualTo(1);
      assertThat(wrongToken.err()).startsWith("gatehouse: ").contains("the token is not valid");
    }
  }

  @Test
  void aServerWithoutATokenExits2SayingWhichVariableToSet() throws Exception {
    Path policy = Files.writeString(tmp.resolve("policy.yml"), "trusted:\n  npm: [left-pad]\n");

    Run run = run(Map.of(), policy.toString(), "--server", "http://127.0.0.1:9");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("GATEHOUSE_TOKEN");
  }

  @Test
  void policyIsASubcommand() {
    assertThat(GatehouseCommand.commandLine().getSubcommands().get("policy").getSubcommands()).containsKey("check");
  }
}
