package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A packument cannot send Gatehouse outside the configured registry: the registry lives below {@code /npm-remote/}
 * on its host (as in a repository manager), and packuments whose {@code dist.tarball} names another path of that
 * host, climbs out with dot segments or hides them encoded are fetched from the registry's own tarball path; the
 * other path never sees a request.
 */
class TarballConfinementTest {
  @TempDir Path tmp;
  private FakeNpmRegistry upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeNpmRegistry(tmp, "/npm-remote/");
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url()).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void aTarballUrlOutsideTheRegistrysPathIsNeverFollowed() throws Exception {
    List<String> elsewhere = List.of("/other-tenant/", "/npm-remote/../other-tenant/", "/npm-remote/%2e%2e/other-tenant/");
    for (int i = 0; i < elsewhere.size(); i++) {
      String name = "pkg" + i;
      FakeNpmRegistry.Release release = upstream.version(name, "1.0.0").publish();
      byte[] bytes = upstream.tarball(name, "1.0.0");
      String foreignPath = elsewhere.get(i) + name + "/-/" + name + "-1.0.0.tgz";
      upstream.serve(foreignPath.replace("/npm-remote/../", "/").replace("/npm-remote/%2e%2e/", "/"), bytes);
      ((ObjectNode) release.manifest().path("dist")).put("tarball", upstream.url().replace("/npm-remote/", "") + foreignPath);

      HttpResponse<byte[]> served = gatehouse.getBytes("/npm/" + name + "/-/" + name + "-1.0.0.tgz");

      assertThat(served.statusCode()).as(foreignPath).isEqualTo(200);
      assertThat(served.body()).isEqualTo(bytes);
      assertThat(upstream.requestsFor("/other-tenant/" + name + "/-/" + name + "-1.0.0.tgz")).as(foreignPath).isZero();
      assertThat(upstream.requestsFor("/npm-remote/" + name + "/-/" + name + "-1.0.0.tgz")).as(foreignPath).isEqualTo(1);
    }
  }
}
