package dev.gatehouse.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.FakeUpstream;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gatehouse token|quarantine|audit} against a running Gatehouse over real sockets. */
class RemoteCommandsTest {
  private static final String CLEAN = "org/example/clean/1.0/clean-1.0.jar";
  private static final String CODEGEN = "org/example/codegen/1.0/codegen-1.0.jar";

  @TempDir Path tmp;
  private FakeUpstream upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    Path repository = ScanFixtures.repository(tmp);
    upstream = FakeUpstream.start();
    for (String path : List.of(CLEAN, CODEGEN)) {
      byte[] jar = Files.readAllBytes(repository.resolve(path));
      upstream.body("/maven2/" + path, "application/java-archive", jar);
      upstream.text("/maven2/" + path + ".sha1", "text/plain",
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(jar)));
    }
    gatehouse = TestGatehouse.builder(tmp).maven(upstream.url("/maven2/")).upstreamReads("2s", 0).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  private record Run(int exit, String out, String err) {}

  private Run gatehouse(String token, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", gatehouse.url(""), "--token", token));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = GatehouseCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void tokensAreCreatedListedAndRevokedAndARevokedTokenStopsWorking() {
    Run created = gatehouse(TestGatehouse.ADMIN_TOKEN, "token", "create", "ci-builds", "--role", "reader");
    Matcher token = Pattern.compile("(?m)^(gh_\\S+)$").matcher(created.out());

    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).startsWith("Created token ci-builds with role reader. It is shown only this once:");
    assertThat(token.find()).as(created.out()).isTrue();
    assertThat(gatehouse(token.group(1), "quarantine", "list").exit()).isZero();

    Run listed = gatehouse(TestGatehouse.ADMIN_TOKEN, "token", "list");
    assertThat(listed.out()).containsPattern("(?m)^NAME +ROLE +CREATED +LAST USED +REVOKED$")
        .containsPattern("(?m)^ci-builds +reader +\\S+ +\\S+ +-$");

    Run revoked = gatehouse(TestGatehouse.ADMIN_TOKEN, "token", "revoke", "ci-builds");
    assertThat(revoked.exit()).isZero();
    assertThat(revoked.out()).startsWith("Revoked token ci-builds");

    Run refused = gatehouse(token.group(1), "quarantine", "list");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).startsWith("gatehouse: the token is not valid: it is unknown or has been revoked (")
        .hasLineCount(1);
    Run json = gatehouse(TestGatehouse.ADMIN_TOKEN, "token", "list", "--json");
    assertThat(json.out()).contains("\"name\" : \"ci-builds\"", "\"revokedAt\" : \"20");
  }

  @Test
  void aReviewerApprovesFromTheQuarantineListAndAReaderIsToldItCannot() throws Exception {
    assertThat(gatehouse.get("/maven2/" + CODEGEN).statusCode()).isEqualTo(403);
    String reader = gatehouse.issueToken("dashboard", "reader");
    String reviewer = gatehouse.issueToken("ann", "reviewer");

    Run pending = gatehouse(reader, "quarantine", "list", "--status", "pending");
    Matcher id = Pattern.compile("(?m)^(q-[a-z0-9]+) +pending +maven +org\\.example:codegen +1\\.0 ").matcher(pending.out());
    assertThat(id.find()).as(pending.out()).isTrue();
    Run shown = gatehouse(reader, "quarantine", "show", id.group(1));
    Run denied = gatehouse(reader, "quarantine", "approve", id.group(1), "--reason", "looks fine");
    Run approved = gatehouse(reviewer, "quarantine", "approve", id.group(1), "--reason", "our own processor");

    assertThat(shown.out()).contains(id.group(1) + "  pending", "org.example:codegen 1.0", "finding: ");
    assertThat(denied.exit()).isEqualTo(1);
    assertThat(denied.err()).contains("this needs the reviewer role; the token dashboard has the reader role");
    assertThat(approved.exit()).as(approved.err()).isZero();
    assertThat(approved.out()).contains("approved by ann");
    assertThat(gatehouse.get("/maven2/" + CODEGEN).statusCode()).isEqualTo(200);
    assertThat(gatehouse(reader, "quarantine", "list", "--status", "nonsense").err())
        .startsWith("gatehouse: status must be pending, approved, rejected or lifted");
  }

  @Test
  void auditAsCsvFollowsTheCursorThroughEveryPage() throws Exception {
    String ci = gatehouse.issueToken("ci-builds", "reader");
    for (int i = 0; i < 3; i++) {
      assertThat(gatehouse.get("/maven2/" + CLEAN, "Authorization", "Bearer " + ci).statusCode()).isEqualTo(200);
    }
    gatehouse.auditTrail(""); // waits for the audit writer

    Run csv = gatehouse(TestGatehouse.ADMIN_TOKEN, "audit", "--package", "org.example:clean", "--since", "1d",
        "--format", "csv", "--page-size", "1");

    assertThat(csv.exit()).as(csv.err()).isZero();
    List<String> lines = csv.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("time,client,user,ecosystem,package,version,file,sha256,decision,rule,status,"
        + "bytes,requestId");
    assertThat(lines.subList(1, lines.size())).hasSize(3)
        .allMatch(line -> line.contains(",127.0.0.1,ci-builds,maven,org.example:clean,1.0,clean-1.0.jar,"));
    Run json = gatehouse(TestGatehouse.ADMIN_TOKEN, "audit", "--package", "org.example:clean", "--format", "json");
    assertThat(json.out()).startsWith("[\n  {").endsWith("}\n]\n").contains("\"user\":\"ci-builds\"");
  }

  @Test
  void usageErrorsExit2AndAnUnreachableServerExits1() throws Exception {
    assertThat(gatehouse(TestGatehouse.ADMIN_TOKEN, "audit", "--since", "yesterday").exit()).isEqualTo(2);
    assertThat(gatehouse(TestGatehouse.ADMIN_TOKEN, "token", "create", "nameless").exit()).isEqualTo(2);
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    StringWriter err = new StringWriter();
    CommandLine cli = GatehouseCommand.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute("quarantine", "list", "--server", "http://127.0.0.1:" + closed, "--token", "x");
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).startsWith("gatehouse: cannot connect to http://127.0.0.1:" + closed);
  }
}
