package dev.gatehouse.proxy.cli;

/** The {@code gatehouse} command line; subcommands are added as they land. */
public final class GatehouseCommand {
  private GatehouseCommand() {}

  public static void main(String[] args) {
    System.out.println("gatehouse");
  }
}
