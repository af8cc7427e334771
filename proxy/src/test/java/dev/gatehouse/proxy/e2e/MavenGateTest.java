package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate end to end over real sockets: Gatehouse in-process against a fake Maven repository on
 * 127.0.0.1, with jars compiled from source text in the test.
 */
class MavenGateTest {
  private static final String CLEAN = "org/example/clean/1.0/clean-1.0.jar";
  private static final String BEACON = "org/example/beacon/1.0/beacon-1.0.jar";
  private static final String PROCESSOR = "org/example/shaper/1.0/shaper-1.0.jar";

  @TempDir Path tmp;
  private FakeMavenRepository upstream;
  private TestGatehouse gatehouse;
  private Path data;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeMavenRepository();
    upstream.put(CLEAN, FixtureJar.clean("org.example.clean").build(tmp, "clean.jar"));
    upstream.put(BEACON, FixtureJar.beacon().build(tmp, "beacon.jar"));
    upstream.put(PROCESSOR, FixtureJar.processor().build(tmp, "shaper.jar"));
    data = tmp.resolve("data");
    gatehouse = TestGatehouse.builder(tmp).dataDir(data).maven(upstream.url().toString())
        .upstreamReads("2s", 1).start();
  }

  @AfterEach
  void stop() throws Exception {
    if (gatehouse != null) {
      gatehouse.close();
    }
    upstream.close();
  }

  @Test
  void cleanJarIsServedAndTheSecondFetchDoesNotTouchTheUpstream() throws Exception {
    byte[] jar = Files.readAllBytes(tmp.resolve("clean.jar"));

    HttpResponse<byte[]> first = gatehouse.getBytes("/maven2/" + CLEAN);
    HttpResponse<byte[]> second = gatehouse.getBytes("/maven2/" + CLEAN);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo(jar);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(jar);
    assertThat(first.headers().firstValue("Content-Type")).contains("application/java-archive");
    assertThat(upstream.requests(CLEAN)).isEqualTo(1);
  }

  @Test
  void checksumsOfAGatedJarAreAnsweredFromTheVerifiedBytes() throws Exception {
    byte[] jar = Files.readAllBytes(tmp.resolve("clean.jar"));

    HttpResponse<byte[]> sha1 = gatehouse.getBytes("/maven2/" + CLEAN + ".sha1");

    assertThat(sha1.statusCode()).isEqualTo(200);
    assertThat(new String(sha1.body(), StandardCharsets.US_ASCII)).isEqualTo(FakeMavenRepository.sha1(jar));
    assertThat(upstream.requests(CLEAN)).isEqualTo(1);
  }

  @Test
  void jarWhoseStaticInitializerSendsSshKeysToTheNetworkIsRefused() throws Exception {
    HttpResponse<byte[]> response = gatehouse.getBytes("/maven2/" + BEACON);

    assertThat(response.statusCode()).isEqualTo(403);
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(body).contains("Gatehouse blocked org.example:beacon:1.0 (beacon-1.0.jar)", "static initializer",
        "fixture.Beacon", "credential", "network");
    assertThat(blobs()).as("blocked bytes are not kept").isEmpty();
    assertThat(gatehouse.getBytes("/maven2/" + BEACON).statusCode()).isEqualTo(403);
    assertThat(upstream.requests(BEACON)).isEqualTo(1);
  }

  @Test
  void annotationProcessorIsQuarantinedThenApprovedThroughTheAdminApiThenServed() throws Exception {
    HttpResponse<byte[]> refused = gatehouse.getBytes("/maven2/" + PROCESSOR);
    assertThat(refused.statusCode()).isEqualTo(403);
    String body = new String(refused.body(), StandardCharsets.UTF_8);
    assertThat(body).contains("Gatehouse quarantined org.example:shaper:1.0", "annotation processor",
        "/api/v1/quarantine/q-");
    String id = quarantineId(body);

    HttpResponse<String> pending = gatehouse.adminGet("/api/v1/quarantine?status=pending");
    assertThat(pending.statusCode()).isEqualTo(200);
    assertThat(pending.body()).contains(id, "org.example:shaper");
    HttpResponse<String> entry = gatehouse.adminGet("/api/v1/quarantine/" + id);
    assertThat(entry.body()).contains("\"findings\"", "annotation-processor", "fixture.Shaper");

    HttpResponse<String> approved = gatehouse.admin("POST", "/api/v1/quarantine/" + id + "/approve",
        "{\"reason\": \"reviewed: the processor only reads annotations\"}");
    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(approved.body()).contains("\"decision\" : \"allow\"", "reviewer-ann");

    HttpResponse<byte[]> served = gatehouse.getBytes("/maven2/" + PROCESSOR);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).isEqualTo(Files.readAllBytes(tmp.resolve("shaper.jar")));
    assertThat(upstream.requests(PROCESSOR)).isEqualTo(1);

    HttpResponse<String> again = gatehouse.admin("POST", "/api/v1/quarantine/" + id + "/approve",
        "{\"reason\": \"twice\"}");
    assertThat(again.statusCode()).isEqualTo(409);
  }

  @Test
  void checksumMismatchIsRefusedAndNothingIsCached() throws Exception {
    upstream.respond(CLEAN + ".sha1", () -> new MockResponse().setBody("0000000000000000000000000000000000000000"));

    HttpResponse<byte[]> response = gatehouse.getBytes("/maven2/" + CLEAN);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("digest-mismatch",
        "0000000000000000000000000000000000000000");
    assertThat(blobs()).isEmpty();
    assertThat(tempFiles()).isEmpty();
    gatehouse.getBytes("/maven2/" + CLEAN);
    assertThat(upstream.requests(CLEAN)).isEqualTo(2);
  }

  @Test
  void bodyCutMidwayFailsClosedAndLeavesNothingBehind() throws Exception {
    byte[] jar = Files.readAllBytes(tmp.resolve("clean.jar"));
    upstream.respond(CLEAN, () -> new MockResponse().setBody(new Buffer().write(jar))
        .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));

    HttpResponse<byte[]> response = gatehouse.getBytes("/maven2/" + CLEAN);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("Gatehouse could not fetch",
        "broke off the transfer");
    assertThat(blobs()).isEmpty();
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void bodyThatStallsPastTheReadTimeoutIs504AndLeavesNothingBehind() throws Exception {
    byte[] jar = Files.readAllBytes(tmp.resolve("clean.jar"));
    upstream.respond(CLEAN, () -> new MockResponse().setBody(new Buffer().write(jar))
        .throttleBody(64, 3, TimeUnit.SECONDS));

    HttpResponse<byte[]> response = gatehouse.getBytes("/maven2/" + CLEAN);

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("upstreams.readTimeout");
    assertThat(blobs()).isEmpty();
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void twentyConcurrentFirstFetchesShareExactlyOneUpstreamDownload() throws Exception {
    byte[] jar = Files.readAllBytes(tmp.resolve("clean.jar"));
    upstream.respond(CLEAN, () -> new MockResponse().setBody(new Buffer().write(jar))
        .setHeadersDelay(300, TimeUnit.MILLISECONDS));

    List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      responses.add(gatehouse.http().sendAsync(
          java.net.http.HttpRequest.newBuilder(gatehouse.uri("/maven2/" + CLEAN)).build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    }

    for (CompletableFuture<HttpResponse<byte[]>> r : responses) {
      assertThat(r.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(r.get().body()).isEqualTo(jar);
    }
    assertThat(upstream.requests(CLEAN)).isEqualTo(1);
  }

  @Test
  void restartKeepsVerdictsApprovalsAndAuditAndServesCachedJarsWithTheUpstreamDown() throws Exception {
    assertThat(gatehouse.getBytes("/maven2/" + CLEAN).statusCode()).isEqualTo(200);
    assertThat(gatehouse.getBytes("/maven2/" + BEACON).statusCode()).isEqualTo(403);
    String id = quarantineId(new String(gatehouse.getBytes("/maven2/" + PROCESSOR).body(), StandardCharsets.UTF_8));
    assertThat(gatehouse.admin("POST", "/api/v1/quarantine/" + id + "/approve", "{\"reason\":\"ok\"}").statusCode())
        .isEqualTo(200);
    gatehouse.close();
    upstream.shutdown();

    gatehouse = TestGatehouse.builder(tmp).dataDir(data).maven(upstream.url().toString())
        .upstreamReads("2s", 1).start();

    assertThat(gatehouse.getBytes("/maven2/" + CLEAN).statusCode()).isEqualTo(200);
    assertThat(gatehouse.getBytes("/maven2/" + PROCESSOR).statusCode()).isEqualTo(200);
    assertThat(gatehouse.getBytes("/maven2/" + BEACON).statusCode()).isEqualTo(403);
    assertThat(gatehouse.auditTrail("package=org.example:shaper"))
        .contains("\"status\" : 403", "\"status\" : 200");
    HttpResponse<String> verdicts = gatehouse.adminGet("/api/v1/verdicts?ecosystem=maven&package=org.example:beacon");
    assertThat(verdicts.body()).contains("\"decision\" : \"block\"");
    assertThat(gatehouse.adminGet("/api/v1/quarantine/" + id).body()).contains("\"status\" : \"approved\"", "reviewer-ann");
  }

  @Test
  void aPolicyChangeRederivesStoredVerdictsFromTheStoredAnalysisWithoutDownloadingAgain() throws Exception {
    assertThat(gatehouse.getBytes("/maven2/" + PROCESSOR).statusCode()).isEqualTo(403);
    gatehouse.close();
    Path policy = Files.writeString(tmp.resolve("policy.yml"), """
        trusted:
          maven: ["org.example:shaper"]
        """);

    gatehouse = TestGatehouse.builder(tmp).dataDir(data).maven(upstream.url().toString())
        .upstreamReads("2s", 1)
        .yaml("policy:\n  file: " + policy + "\n").start();

    HttpResponse<byte[]> served = gatehouse.getBytes("/maven2/" + PROCESSOR);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(upstream.requests(PROCESSOR)).isEqualTo(1);
    assertThat(gatehouse.adminGet("/api/v1/verdicts?ecosystem=maven&package=org.example:shaper").body())
        .contains("\"decision\" : \"allow\"");
  }

  @Test
  void aVersionOnTheDenyListIsRefusedBeforeAnyDownload() throws Exception {
    gatehouse.close();
    Path policy = Files.writeString(tmp.resolve("deny.yml"), """
        deny:
          - { ecosystem: maven, name: "org.example:clean", versions: ["1.0"], reason: "incident 42" }
        """);
    gatehouse = TestGatehouse.builder(tmp).dataDir(data).maven(upstream.url().toString())
        .upstreamReads("2s", 1)
        .yaml("policy:\n  file: " + policy + "\n").start();

    HttpResponse<byte[]> response = gatehouse.getBytes("/maven2/" + CLEAN);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("by rule deny", "incident 42");
    assertThat(upstream.requests(CLEAN)).isZero();
  }

  static String quarantineId(String body) {
    Matcher m = Pattern.compile("quarantine/(q-[a-z0-9]+)/approve").matcher(body);
    assertThat(m.find()).as("a quarantine id in: %s", body).isTrue();
    return m.group(1);
  }

  private List<Path> blobs() throws Exception {
    return filesUnder(data.resolve("blobs"));
  }

  private List<Path> tempFiles() throws Exception {
    return filesUnder(data.resolve("tmp"));
  }

  static List<Path> filesUnder(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
