package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A patch release that adds a dependency first published just before it (axios 1.14.1, March 2026: a package
 * created hours earlier whose own install script carried the payload) is held at the gate, from the added
 * dependency's own packument, even when nothing else about the release changed.
 */
class NpmYoungDependencyTest {
  private static final Instant NOW = Instant.parse("2026-04-02T12:00:00Z");
  private static final Instant RELEASED = Instant.parse("2026-03-31T00:21:00Z");

  @TempDir Path tmp;
  private FakeNpmRegistry upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeNpmRegistry(tmp);
    upstream.version("follow-redirects", "1.15.6").publishedAt(Instant.parse("2019-01-01T00:00:00Z")).publish();
    Instant day = Instant.parse("2026-01-01T00:00:00Z");
    for (String v : new String[] {"1.13.3", "1.13.4", "1.14.0"}) {
      upstream.version("fetchkit", v).dependency("follow-redirects", "^1.15.6").publishedAt(day).publish();
      day = day.plus(Duration.ofDays(20));
    }
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url())
        .clock(TestClock.at(NOW)).upstreamReads("10s", 0).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  private void release(String dependency) throws IOException {
    upstream.version("fetchkit", "1.14.1").dependency("follow-redirects", "^1.15.6").dependency(dependency, "^4.2.1")
        .publishedAt(RELEASED).publish();
  }

  @Test
  void patchReleaseAddingADependencyCreatedTheDayBeforeIsQuarantinedAndThePreviousReleaseIsServed() throws Exception {
    upstream.version("plain-crypto-js", "4.2.0").publishedAt(RELEASED.minus(Duration.ofHours(30))).publish();
    upstream.version("plain-crypto-js", "4.2.1").script("postinstall", "node setup.js")
        .publishedAt(RELEASED.minus(Duration.ofHours(20))).publish();
    release("plain-crypto-js");

    HttpResponse<String> held = gatehouse.get("/npm/fetchkit/-/fetchkit-1.14.1.tgz");
    HttpResponse<String> again = gatehouse.get("/npm/fetchkit/-/fetchkit-1.14.1.tgz");
    HttpResponse<String> previous = gatehouse.get("/npm/fetchkit/-/fetchkit-1.14.0.tgz");

    assertThat(held.statusCode()).isEqualTo(403);
    assertThat(held.body()).contains("quarantine", "plain-crypto-js", "less than 7 days");
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(previous.statusCode()).isEqualTo(200);
    // looked up once, through the packument cache
    assertThat(upstream.requestsFor("/plain-crypto-js")).isEqualTo(1);
  }

  @Test
  void aYoungDependencyFromTheSameRepositoryOwnerIsServedAsTheMaintainersOwnHelper() throws Exception {
    // onetime 7.0.0 and mimic-function, get-intrinsic and generator-function: a maintainer publishes a helper
    // and depends on it the same day, from the same GitHub account.
    upstream.version("fetchkit-helper", "4.2.1").repository("git+https://github.com/fetchkit/helper.git")
        .publishedAt(RELEASED.minus(Duration.ofHours(20))).publish();
    upstream.version("fetchkit", "1.14.1").repository("https://github.com/FetchKit/fetchkit")
        .dependency("follow-redirects", "^1.15.6").dependency("fetchkit-helper", "^4.2.1")
        .publishedAt(RELEASED).publish();

    HttpResponse<String> served = gatehouse.get("/npm/fetchkit/-/fetchkit-1.14.1.tgz");

    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
  }

  @Test
  void aYoungDependencyFromAnotherRepositoryOwnerIsStillQuarantined() throws Exception {
    upstream.version("plain-crypto-js", "4.2.1").repository("git+https://github.com/someone-else/crypto.git")
        .script("postinstall", "node setup.js").publishedAt(RELEASED.minus(Duration.ofHours(20))).publish();
    upstream.version("fetchkit", "1.14.1").repository("https://github.com/fetchkit/fetchkit")
        .dependency("follow-redirects", "^1.15.6").dependency("plain-crypto-js", "^4.2.1")
        .publishedAt(RELEASED).publish();

    HttpResponse<String> held = gatehouse.get("/npm/fetchkit/-/fetchkit-1.14.1.tgz");

    assertThat(held.statusCode()).isEqualTo(403);
    assertThat(held.body()).contains("plain-crypto-js", "less than 7 days");
  }

  @Test
  void aYoungDependencyThatRunsNoInstallScriptIsServedAndLeftToItsOwnAnalysis() throws Exception {
    upstream.version("plain-crypto-js", "4.2.1").repository("git+https://github.com/someone-else/crypto.git")
        .publishedAt(RELEASED.minus(Duration.ofHours(20))).publish();
    release("plain-crypto-js");

    HttpResponse<String> served = gatehouse.get("/npm/fetchkit/-/fetchkit-1.14.1.tgz");

    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
  }

  @Test
  void patchReleaseAddingADependencyCreatedAYearBeforeIsServed() throws Exception {
    upstream.version("plain-crypto-js", "4.2.1").publishedAt(RELEASED.minus(Duration.ofDays(365))).publish();
    release("plain-crypto-js");

    HttpResponse<String> served = gatehouse.get("/npm/fetchkit/-/fetchkit-1.14.1.tgz");

    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
    assertThat(upstream.requestsFor("/plain-crypto-js")).isEqualTo(1);
  }

  @Test
  void aDependencyWhosePackumentCannotBeReadLeavesTheReleaseRatedFromItsOwnPackument() throws Exception {
    release("vanished-helper"); // the registry answers 404 for its packument

    HttpResponse<String> served = gatehouse.get("/npm/fetchkit/-/fetchkit-1.14.1.tgz");

    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
    assertThat(upstream.requestsFor("/vanished-helper")).isEqualTo(1);
  }

  @Test
  void thePolicysNewDependencyAgeDecidesWhatIsYoung() throws Exception {
    upstream.version("plain-crypto-js", "4.2.1").script("postinstall", "node setup.js")
        .publishedAt(RELEASED.minus(Duration.ofHours(20))).publish();
    release("plain-crypto-js");
    gatehouse.close();
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url()).policy("cooldown: { new-dependency-age: 12h }\n")
        .clock(TestClock.at(NOW)).upstreamReads("10s", 0).start();

    HttpResponse<String> served = gatehouse.get("/npm/fetchkit/-/fetchkit-1.14.1.tgz");

    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
  }
}
