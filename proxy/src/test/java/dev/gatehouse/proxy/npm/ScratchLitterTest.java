package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rewriting packuments leaves nothing behind: after 1,000 rewrites (full and abbreviated, GET and HEAD, fresh and
 * refetched copies, 304s) the data directory's scratch and staging folders hold only the one packument copy the
 * cache keeps, and a restart clears even that.
 */
class ScratchLitterTest {
  private static final String ABBREVIATED = "application/vnd.npm.install-v1+json";

  @TempDir Path tmp;
  private FakeNpmRegistry upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeNpmRegistry(tmp);
    upstream.version("left-pad", "1.0.0").publish();
    upstream.version("left-pad", "1.1.0").publish();
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url()).clock(TestClock.at(Instant.parse("2026-06-01T00:00:00Z")))
        .yaml("cache:\n  metadataTtl: 5m\n").start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  private List<Path> filesIn(String folder) throws Exception {
    Path dir = gatehouse.dataDir().resolve(folder);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  @Test
  void aThousandRewritesLeaveOnlyTheCachedCopy() throws Exception {
    String etag = null;
    for (int i = 0; i < 1000; i++) {
      if (i % 100 == 99) {
        gatehouse.clock().advance(Duration.ofMinutes(6)); // the next request fetches and rewrites a new copy
      }
      HttpResponse<byte[]> response = switch (i % 4) {
        case 0 -> gatehouse.getBytes("/npm/left-pad");
        case 1 -> gatehouse.getBytes("/npm/left-pad", "Accept", ABBREVIATED);
        case 2 -> gatehouse.head("/npm/left-pad");
        default -> gatehouse.getBytes("/npm/left-pad", "If-None-Match", etag == null ? "\"none\"" : etag);
      };
      assertThat(response.statusCode()).isIn(200, 304);
      if (i % 4 == 0) {
        etag = response.headers().firstValue("ETag").orElseThrow();
      }
    }

    assertThat(upstream.requestsFor("/left-pad")).as("the first fetch and one after each expiry").isEqualTo(11);
    assertThat(filesIn("scratch")).as("the cached packument only").hasSize(1);
    assertThat(filesIn("tmp")).isEmpty();
  }
}
