package dev.gatehouse.proxy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gatehouse} command line: {@code gatehouse serve [--config FILE]} runs the proxy. Other
 * subcommands ({@code scan}) register here beside {@link ServeCommand}.
 */
@Command(name = "gatehouse", mixinStandardHelpOptions = true, version = "gatehouse 0.1.0",
    description = "A package repository proxy that analyzes what runs at install, build, import and startup time.",
    subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class GatehouseCommand implements Runnable {
  /** Exit status for a configuration or policy that cannot be used. */
  public static final int EXIT_CONFIG = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand, for {@code main} and for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new GatehouseCommand());
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
