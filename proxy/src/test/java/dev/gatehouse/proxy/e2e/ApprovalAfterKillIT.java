package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: "killing the server mid-approve left 31 artifacts approved but still refused; approving again answers
 * 409 and nothing recovers them". The served jar is killed with {@code kill -9} while reviewers approve many
 * quarantined jars at once. After the restart every entry is either approved and served or pending and refused, and
 * approving the pending ones again serves them all.
 */
class ApprovalAfterKillIT {
  private static final int VERSIONS = 40;

  @TempDir Path tmp;

  @Test
  void aKillDuringApprovalsLeavesEveryEntryBeforeOrAfterAndTheRetryCompletesThem() throws Exception {
    try (FakeMavenRepository upstream = new FakeMavenRepository()) {
      byte[] jar = Files.readAllBytes(FixtureJar.processor().build(tmp, "shaper.jar"));
      for (int v = 0; v < VERSIONS; v++) {
        upstream.put(path(v), jar);
      }
      Path config = Files.writeString(tmp.resolve("gatehouse.yml"), """
          upstreams:
            maven:
              - name: fake
                url: %s
          """.formatted(upstream.url()));
      Path data = tmp.resolve("data");
      Path log = tmp.resolve("gatehouse.log");
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<String> ids = new ArrayList<>();

      try (GatehouseProcess gatehouse = GatehouseProcess.start(config, data, log)) {
        for (int v = 0; v < VERSIONS; v++) {
          HttpResponse<String> refused = client.send(HttpRequest.newBuilder(gatehouse.uri("/maven2/" + path(v)))
              .build(), HttpResponse.BodyHandlers.ofString());
          assertThat(refused.statusCode()).isEqualTo(403);
          ids.add(MavenGateTest.quarantineId(refused.body()));
        }
        CountDownLatch firstApproved = new CountDownLatch(1);
        ExecutorService reviewers = Executors.newFixedThreadPool(8);
        for (String id : ids) {
          reviewers.execute(() -> {
            try {
              if (client.send(approve(gatehouse, id), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                firstApproved.countDown();
              }
            } catch (Exception refusedOnceKilled) {
              // the connection dies with the process
            }
          });
        }
        assertThat(firstApproved.await(2, TimeUnit.MINUTES)).isTrue();
        gatehouse.kill();
        reviewers.shutdown();
        assertThat(reviewers.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
      }

      try (GatehouseProcess restarted = GatehouseProcess.start(config, data, log)) {
        ObjectMapper mapper = new ObjectMapper();
        int approvedBeforeKill = 0;
        for (int v = 0; v < VERSIONS; v++) {
          String id = ids.get(v);
          String status = mapper.readTree(client.send(restarted.admin("/api/v1/quarantine/" + id).build(),
              HttpResponse.BodyHandlers.ofString()).body()).get("status").asText();
          int download = client.send(HttpRequest.newBuilder(restarted.uri("/maven2/" + path(v))).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode();
          assertThat(status + " " + download).as("entry %s: approved and served, or pending and refused", id)
              .isIn("approved 200", "pending 403");
          if (status.equals("approved")) {
            approvedBeforeKill++;
            continue;
          }
          HttpResponse<String> retry = client.send(approve(restarted, id), HttpResponse.BodyHandlers.ofString());
          assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        }
        assertThat(approvedBeforeKill).as("the kill came after the first approval").isPositive();
        for (int v = 0; v < VERSIONS; v++) {
          HttpResponse<byte[]> served = client.send(HttpRequest.newBuilder(restarted.uri("/maven2/" + path(v)))
              .build(), HttpResponse.BodyHandlers.ofByteArray());
          assertThat(served.statusCode()).isEqualTo(200);
          assertThat(served.body()).isEqualTo(jar);
        }
      }
    }
  }

  private static String path(int version) {
    return "org/example/shaper/1." + version + "/shaper-1." + version + ".jar";
  }

  private static HttpRequest approve(GatehouseProcess gatehouse, String id) {
    return gatehouse.admin("/api/v1/quarantine/" + id + "/approve").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"reviewed the processor\"}", StandardCharsets.UTF_8))
        .build();
  }
}
