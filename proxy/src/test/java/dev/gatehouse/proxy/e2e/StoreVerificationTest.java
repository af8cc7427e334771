package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.upstream.Digests;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gatehouse verify} on the data directory of a running Gatehouse: a blob changed on disk and a blob that
 * went missing are found, {@code --repair} moves the changed one aside and fetches both again from the
 * upstream, verified against the digests on record, and the next downloads serve the right bytes.
 */
class StoreVerificationTest {
  private static final String ONE = "org/example/one/1.0/one-1.0.jar";
  private static final String TWO = "org/example/two/1.0/two-1.0.jar";

  @TempDir Path tmp;
  private FakeMavenRepository upstream;
  private TestGatehouse gatehouse;
  private byte[] one;
  private byte[] two;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeMavenRepository();
    one = Files.readAllBytes(FixtureJar.clean("org.example.one").build(tmp, "one-1.0.jar"));
    two = Files.readAllBytes(FixtureJar.clean("org.example.two").build(tmp, "two-1.0.jar"));
    upstream.put(ONE, one).put(TWO, two);
    gatehouse = TestGatehouse.builder(tmp).dataDir(tmp.resolve("data")).maven(upstream.url().toString()).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  private record Run(int status, String out) {}

  private Run verify(String... extra) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new dev.gatehouse.proxy.cli.GatehouseCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    String[] args = new String[extra.length + 3];
    args[0] = "verify";
    args[1] = "--config";
    args[2] = tmp.resolve("data-gatehouse.yml").toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    int status = cli.execute(args);
    return new Run(status, out.toString());
  }

  private Path blob(byte[] bytes) throws Exception {
    String sha256 = Digests.of(bytes).sha256();
    return tmp.resolve("data/blobs/sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  @Test
  void aSoundStoreIsReportedSound() throws Exception {
    assertThat(gatehouse.getBytes("/maven2/" + ONE).statusCode()).isEqualTo(200);

    Run run = verify();

    assertThat(run.status()).as(run.out()).isZero();
    assertThat(run.out()).contains("checked 1 blobs and 1 artifacts", "the store is sound");
  }

  @Test
  void aCorruptedBlobAndAMissingOneAreFoundAndRepairedFromTheUpstreamAgainstTheRecordedDigest() throws Exception {
    assertThat(gatehouse.getBytes("/maven2/" + ONE).statusCode()).isEqualTo(200);
    assertThat(gatehouse.getBytes("/maven2/" + TWO).statusCode()).isEqualTo(200);
    Files.write(blob(one), "tampered".getBytes(StandardCharsets.UTF_8));
    Files.delete(blob(two));

    Run report = verify();

    assertThat(report.status()).as(report.out()).isEqualTo(1);
    assertThat(report.out()).contains("corrupt blob " + Digests.of(one).sha256(),
        "missing blob of org.example:one:1.0 (one-1.0.jar)", "missing blob of org.example:two:1.0 (two-1.0.jar)",
        "problems remain; run again with --repair");

    Run repair = verify("--repair");

    assertThat(repair.status()).as(repair.out()).isZero();
    assertThat(repair.out()).contains("fetched again and verified: org.example:one:1.0 (one-1.0.jar)",
        "fetched again and verified: org.example:two:1.0 (two-1.0.jar)", "the store is repaired");
    assertThat(Files.readAllBytes(blob(one))).isEqualTo(one);
    assertThat(Files.list(tmp.resolve("data/removed")).toList()).singleElement()
        .satisfies(aside -> assertThat(Files.readString(aside)).isEqualTo("tampered"));
    HttpResponse<byte[]> served = gatehouse.getBytes("/maven2/" + TWO);
    assertThat(served.body()).isEqualTo(two);
    assertThat(verify().out()).contains("the store is sound");
  }

  @Test
  void aBlobTheUpstreamNowSendsOtherBytesForIsNotStoredAndStaysReported() throws Exception {
    assertThat(gatehouse.getBytes("/maven2/" + ONE).statusCode()).isEqualTo(200);
    Files.delete(blob(one));
    upstream.put(ONE, two);

    Run repair = verify("--repair");

    assertThat(repair.status()).as(repair.out()).isEqualTo(1);
    assertThat(repair.out()).contains("not repaired: org.example:one:1.0 (one-1.0.jar): the upstream now sends other bytes");
    assertThat(blob(one)).doesNotExist();
  }
}
