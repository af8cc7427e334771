package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.store.Database;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test for issue 12: after {@code kill -9} under load, 211 of 13,585 requests that had been answered 200
 * had no audit row. Gatehouse now journals each event before it answers; the restart on the same data directory
 * stores what the killed process had not. To make the window wide rather than a few milliseconds, the test holds the
 * database's write lock during the load, as a slow disk or a long transaction would: every answered download then
 * waits in the writer's queue when the process is killed.
 */
class AuditAfterKillIT {
  private static final String JAR = "org/example/greeter/1.0/greeter-1.0.jar";
  private static final int CLIENTS = 16;
  /** Answers seen before the kill: enough that the writer is mid-batch with events queued. */
  private static final int ANSWERS_BEFORE_KILL = 3000;

  @TempDir Path tmp;

  @Test
  void everyDownloadAnswered200BeforeAKillHasItsAuditRowAfterTheRestart() throws Exception {
    try (FakeMavenRepository upstream = new FakeMavenRepository()) {
      upstream.put(JAR, Files.readAllBytes(FixtureJar.clean("greeter").build(tmp, "greeter-1.0.jar")));
      Path config = Files.writeString(tmp.resolve("gatehouse.yml"), """
          upstreams:
            maven:
              - name: fake
                url: %s
          """.formatted(upstream.url()));
      Path data = tmp.resolve("data");
      Path log = tmp.resolve("gatehouse.log");
      Set<String> answered = ConcurrentHashMap.newKeySet();

      try (GatehouseProcess gatehouse = GatehouseProcess.start(config, data, log)) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest download = HttpRequest.newBuilder(gatehouse.uri("/maven2/" + JAR)).build();
        assertThat(client.send(download, HttpResponse.BodyHandlers.discarding()).statusCode())
            .as("the first fetch caches and allows the jar").isEqualTo(200);

        Connection lock = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Database.SQLITE_FILE));
        try (Statement s = lock.createStatement()) {
          s.execute("BEGIN IMMEDIATE"); // the audit writer waits for this lock until the process dies
        }
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(ANSWERS_BEFORE_KILL);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
          clients.execute(() -> {
            while (!killed.get()) {
              try {
                HttpResponse<Void> response = client.send(download, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                  answered.add(response.headers().firstValue("X-Request-Id").orElseThrow());
                  enough.countDown();
                }
              } catch (Exception refusedOnceKilled) {
                // the connection dies with the process: that request was not answered
              }
            }
          });
        }
        assertThat(enough.await(5, TimeUnit.MINUTES)).as("the load ran").isTrue();
        gatehouse.kill();
        killed.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        lock.close(); // rolls back: the lock goes with the killed process's queue
      }

      try (GatehouseProcess restarted = GatehouseProcess.start(config, data, log)) {
        Set<String> audited = auditedRequestIds(restarted);
        assertThat(answered.size()).isGreaterThanOrEqualTo(ANSWERS_BEFORE_KILL);
        Set<String> missing = new HashSet<>(answered);
        missing.removeAll(audited);
        assertThat(missing).as("answered 200 but not in the audit log, of %d answered", answered.size()).isEmpty();
      }
    }
  }

  /** The request ids of every audited 200 download of the jar, page by page. */
  private static Set<String> auditedRequestIds(GatehouseProcess gatehouse) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    ObjectMapper mapper = new ObjectMapper();
    Set<String> ids = new HashSet<>();
    String cursor = null;
    do {
      String query = "/api/v1/audit?ecosystem=maven&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor);
      HttpResponse<String> page = client.send(gatehouse.admin(query).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      JsonNode body = mapper.readTree(page.body());
      for (JsonNode event : body.get("events")) {
        if (event.get("status").asInt() == 200 && "greeter-1.0.jar".equals(event.path("file").asText())) {
          ids.add(event.get("requestId").asText());
        }
      }
      cursor = body.path("nextCursor").isTextual() ? body.get("nextCursor").asText() : null;
    } while (cursor != null);
    return ids;
  }
}
