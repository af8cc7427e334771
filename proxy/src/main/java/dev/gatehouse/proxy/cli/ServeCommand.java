package dev.gatehouse.proxy.cli;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.policy.PolicyException;
import dev.gatehouse.proxy.Gatehouse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse serve}: loads the configuration (embedded defaults, {@code --config FILE}, environment),
 * starts the server and runs until the process is stopped. A configuration or policy that cannot be used
 * prints its message and exits 2; a port or data directory that cannot be used exits 1.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the proxy: Maven under /maven2/, the admin API under /api/v1/, /health and /metrics.")
public final class ServeCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "gatehouse.yml, merged over the embedded defaults; every key is optional.")
  Path config;

  @Override
  public Integer call() {
    GatehouseConfig loaded;
    try {
      loaded = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("gatehouse: " + e.getMessage());
      return GatehouseCommand.EXIT_CONFIG;
    }
    Gatehouse gatehouse = new Gatehouse(loaded);
    try {
      gatehouse.start();
      gatehouse.reloadOnHangup();
    } catch (PolicyException e) {
      spec.commandLine().getErr().println("gatehouse: " + e.getMessage());
      return GatehouseCommand.EXIT_CONFIG;
    } catch (IOException e) {
      spec.commandLine().getErr().println("gatehouse: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      gatehouse.close();
      stopped.countDown();
    }, "gatehouse-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
