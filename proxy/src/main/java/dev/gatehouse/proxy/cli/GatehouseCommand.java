package dev.gatehouse.proxy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code gatehouse} command line: {@code serve} runs the proxy ({@link ServeCommand}), {@code scan}
 * analyzes local artifacts ({@link ScanCommand}); {@code token}, {@code quarantine} and {@code audit} talk to a
 * running Gatehouse ({@link RemoteCommand}).
 */
@Command(
    name = "gatehouse",
    mixinStandardHelpOptions = true,
    versionProvider = GatehouseCommand.Version.class,
    description = "A package repository proxy for Maven, npm and PyPI that analyzes what runs at install, build, import and startup time.",
    subcommands = {ServeCommand.class, ScanCommand.class, VerifyCommand.class, PolicyCommand.class,
        TokenCommand.class, QuarantineCommand.class, AuditCommand.class})
public final class GatehouseCommand implements Runnable {
  /** Exit status for a configuration or policy that cannot be used, as picocli uses for bad usage. */
  static final int EXIT_CONFIG = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line; bad usage exits 2, as picocli does and as a broken config does. */
  static CommandLine commandLine() {
    return new CommandLine(new GatehouseCommand());
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = GatehouseCommand.class.getPackage().getImplementationVersion();
      return new String[] {"gatehouse " + (version == null ? "(development build)" : version)};
    }
  }
}
