package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Builds the image from the repository's Dockerfile and runs it as a user would: the container serves
 * {@code /health} on the published port and Docker's own health check, which asks the port
 * {@code GATEHOUSE_PORT} names, reports it healthy. Where no Docker engine answers (a CI runner without one)
 * the test is skipped and says so.
 */
class DockerImageIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void theImageBuildsRunsAsNonRootAndAnswersItsHealthCheckOnTheConfiguredPort() throws Exception {
    Run info = docker(Duration.ofSeconds(20), "info", "--format", "{{.ServerVersion}}");
    assumeTrue(info.status() == 0, "no Docker engine answers here, so the image is not built: " + info.output());
    String tag = "gatehouse-it:" + Instant.now().toEpochMilli();
    Run build = docker(Duration.ofMinutes(20), "build", "-t", tag, ROOT.toString());
    assertThat(build.status()).as(build.output()).isZero();
    int port = freePort();
    String name = "gatehouse-it-" + port;
    try {
      Run run = docker(Duration.ofMinutes(1), "run", "-d", "--name", name, "-e", "GATEHOUSE_PORT=9099",
          "--health-interval=1s", "-p", port + ":9099", tag);
      assertThat(run.status()).as(run.output()).isZero();

      HttpResponse<String> health = awaitHealth(URI.create("http://127.0.0.1:" + port + "/health"));
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(docker(Duration.ofSeconds(20), "exec", name, "id", "-un").output().strip()).isEqualTo("gatehouse");
      Instant deadline = Instant.now().plusSeconds(60);
      String state = "";
      while (Instant.now().isBefore(deadline) && !state.equals("healthy")) {
        state = docker(Duration.ofSeconds(20), "inspect", "--format", "{{.State.Health.Status}}", name).output().strip();
        Thread.sleep(500);
      }
      assertThat(state).as("Docker's health check on GATEHOUSE_PORT").isEqualTo("healthy");
    } finally {
      docker(Duration.ofMinutes(1), "rm", "-f", name);
      docker(Duration.ofMinutes(1), "rmi", "-f", tag);
    }
  }

  private record Run(int status, String output) {}

  private static Run docker(Duration timeout, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile("docker", ".txt");
    try {
      Process p;
      try {
        p = new ProcessBuilder(concat("docker", args)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      } catch (IOException noDocker) {
        return new Run(127, "the docker command is not installed (" + noDocker.getMessage() + ")");
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new Run(124, "docker " + args[0] + " took longer than " + timeout);
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static List<String> concat(String first, String... rest) {
    List<String> all = new java.util.ArrayList<>(List.of(first));
    all.addAll(List.of(rest));
    return all;
  }

  private static HttpResponse<String> awaitHealth(URI uri) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plusSeconds(90);
    Exception last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        last = e;
        Thread.sleep(500);
      }
    }
    throw new AssertionError("the container never answered " + uri, last);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
