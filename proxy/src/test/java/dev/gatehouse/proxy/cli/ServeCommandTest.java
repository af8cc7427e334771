package dev.gatehouse.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  @TempDir Path tmp;

  private record Run(int exit, String err) {}

  private Run run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = GatehouseCommand.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, err.toString());
  }

  @Test
  void aConfigFileWithAnUnknownKeyPrintsItsMessageAndExits2() throws Exception {
    Path yml = Files.writeString(tmp.resolve("gatehouse.yml"), "server:\n  prot: 8080\n");

    Run run = run("serve", "--config", yml.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("gatehouse: ").contains("server.prot").doesNotContain("Exception", "\tat ");
  }

  @Test
  void aMissingConfigFileExits2NamingIt() {
    Run run = run("serve", "--config", tmp.resolve("absent.yml").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("absent.yml");
  }

  @Test
  void aBrokenPolicyFileExits2NamingIt() throws Exception {
    Path policy = Files.writeString(tmp.resolve("policy.yml"), "rules: 42\n");
    Path yml = Files.writeString(tmp.resolve("gatehouse.yml"), """
        server:
          host: 127.0.0.1
          port: 0
        storage:
          dir: %s
        policy:
          file: %s
        """.formatted(tmp.resolve("data"), policy));

    Run run = run("serve", "--config", yml.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("gatehouse: ").contains("policy.yml");
  }

  @Test
  void serveAndScanAreSubcommands() {
    assertThat(GatehouseCommand.commandLine().getSubcommands()).containsKeys("serve", "scan");
  }
}
