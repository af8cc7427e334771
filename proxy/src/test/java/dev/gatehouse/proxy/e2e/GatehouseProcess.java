package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The shaded {@code gatehouse.jar} run as a process with {@code gatehouse serve}, as a user runs it, so that a test can
 * {@code kill -9} it and start it again on the same data directory.
 */
final class GatehouseProcess implements AutoCloseable {
  static final String ADMIN_TOKEN = "kill-test-admin-token";

  private final Process process;
  private final int port;
  private final Path log;

  private GatehouseProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts {@code gatehouse serve} with {@code config} on {@code dataDir} and waits until {@code /health} answers. */
  static GatehouseProcess start(Path config, Path dataDir, Path log) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("gatehouse.jar"));
    assertThat(jar).as("the package phase builds gatehouse.jar before integration tests").exists();
    int port = freePort();
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "serve", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("GATEHOUSE_PORT", Integer.toString(port));
    builder.environment().put("GATEHOUSE_HOST", "127.0.0.1");
    builder.environment().put("GATEHOUSE_DATA_DIR", dataDir.toString());
    builder.environment().put("GATEHOUSE_ADMIN_TOKEN", ADMIN_TOKEN);
    GatehouseProcess gatehouse = new GatehouseProcess(builder.start(), port, log);
    gatehouse.awaitHealth();
    return gatehouse;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpRequest.Builder admin(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN);
  }

  /** {@code kill -9}: the process gets no chance to flush or close anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  private void awaitHealth() throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("gatehouse exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(uri("/health"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      process.waitFor(100, TimeUnit.MILLISECONDS); // waits on the process, not a bare sleep: it may die meanwhile
    }
    throw new IllegalStateException("gatehouse did not answer /health within 90 s:\n" + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
