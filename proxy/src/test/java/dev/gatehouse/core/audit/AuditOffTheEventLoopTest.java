package dev.gatehouse.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.Database;
import dev.gatehouse.proxy.testing.FakeUpstream;
import dev.gatehouse.proxy.testing.RawRequest;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test: PyPI's route recorded audit events on the Netty event loop, where {@link AuditLog#record}
 * waits once {@link AuditLog#MAX_PENDING} events are queued. With the database stuck, a handful of PyPI
 * requests then stalled every event loop, and Gatehouse stopped answering anything, {@code /health} included.
 */
class AuditOffTheEventLoopTest {
  /** More connections than event loops (two per core), so that each loop gets some of them. */
  private static final int HELD_PER_KIND = 4 * Runtime.getRuntime().availableProcessors();

  @TempDir Path tmp;

  @Test
  void withTheAuditQueueFullTheEventLoopsStillAnswerHealth() throws Exception {
    try (FakeUpstream upstream = FakeUpstream.start();
        TestGatehouse gatehouse = TestGatehouse.builder(tmp).maven(upstream.url("/maven2/"))
            .npm(upstream.url("/npm/")).pypi(upstream.url("/simple/"), upstream.url("/files/"))
            .blockingThreads(64).start()) {
      gatehouse.auditTrail(""); // nothing queued: every event from here on waits for the lock below
      try (Connection lock = DriverManager.getConnection(
          "jdbc:sqlite:" + gatehouse.dataDir().resolve(Database.SQLITE_FILE))) {
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
          s.execute("CREATE TABLE held_write_lock (x INTEGER)"); // no one else writes until the rollback
        }
        fillTheAuditQueue(gatehouse);

        // Connections go to the event loops in turn: a run of one kind of request reaches every loop.
        List<Socket> held = new ArrayList<>();
        for (String path : List.of("/pypi/files/demo/127.0.0.1:1/files/demo-1.0.exe", "/pypi/no-such-page",
            "/maven2/not-a-maven-path", "/npm/-/ping")) {
          for (int i = 0; i < HELD_PER_KIND; i++) {
            held.add(send(gatehouse.port(), path));
          }
        }

        RawRequest.Answer health = RawRequest.get(gatehouse.port(), "/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"database\":true");

        lock.rollback();
        for (Socket socket : held) {
          try (socket; InputStream in = socket.getInputStream()) {
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).as("a held request is answered once the audit log drains").startsWith("HTTP/1.1 ");
          }
        }
      }
      assertThat(gatehouse.auditTrail("ecosystem=npm")).contains("\"status\" : 200");
    }
  }

  /** Sends {@link AuditLog#MAX_PENDING} audited requests, each answered: the queue is then exactly full. */
  private static void fillTheAuditQueue(TestGatehouse gatehouse) throws Exception {
    int threads = 8;
    ExecutorService senders = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> sent = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int share = AuditLog.MAX_PENDING / threads + (t < AuditLog.MAX_PENDING % threads ? 1 : 0);
        sent.add(senders.submit(() -> {
          for (int i = 0; i < share; i++) {
            HttpResponse<String> response = gatehouse.get("/pypi/unknown-" + i);
            assertThat(response.statusCode()).isEqualTo(404);
          }
          return share;
        }));
      }
      int total = 0;
      for (Future<Integer> f : sent) {
        total += f.get();
      }
      assertThat(total).isEqualTo(AuditLog.MAX_PENDING);
    } finally {
      senders.shutdownNow();
    }
  }

  /** Writes a GET on a connection of its own and leaves the answer unread. */
  private static Socket send(int port, String path) throws IOException {
    Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port);
    socket.setSoTimeout(60_000);
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return socket;
  }
}
