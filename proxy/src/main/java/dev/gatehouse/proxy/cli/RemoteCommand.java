package dev.gatehouse.proxy.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a running Gatehouse: it takes {@link ServerOptions}, runs against a {@link ServerClient},
 * and turns what went wrong into one line on stderr: a refusal of the server (its own sentence) or an unreachable
 * server exits 1; a usage error exits 2, as picocli's own do.
 */
abstract class RemoteCommand implements Callable<Integer> {
  @Mixin ServerOptions server;
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public final Integer call() {
    ServerClient client;
    try {
      client = server.client();
    } catch (IllegalArgumentException usage) {
      err().println("gatehouse: " + usage.getMessage());
      return GatehouseCommand.EXIT_CONFIG;
    }
    try {
      run(client, out());
      out().flush();
      return 0;
    } catch (ServerClient.ServerProblem problem) {
      out().flush();
      err().println("gatehouse: " + problem.getMessage());
      return 1;
    } catch (IllegalArgumentException usage) {
      err().println("gatehouse: " + usage.getMessage());
      return GatehouseCommand.EXIT_CONFIG;
    }
  }

  /**
   * Does the command's work, printing to {@code out}.
   *
   * @throws IllegalArgumentException for a usage error found after parsing, such as a bad {@code --since}
   */
  abstract void run(ServerClient client, PrintWriter out) throws ServerClient.ServerProblem;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
