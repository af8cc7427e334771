package dev.gatehouse.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A {@code gatehouse.yml} written by a test into its temporary folder, and loaded from there. */
final class GatehouseYml {
  private final Path file;

  GatehouseYml(Path folder) {
    this.file = folder.resolve("gatehouse.yml");
  }

  Path file() {
    return file;
  }

  GatehouseConfig load(String yaml) throws IOException, ConfigException {
    return load(yaml, Map.of());
  }

  GatehouseConfig load(String yaml, Map<String, String> environment) throws IOException, ConfigException {
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return ConfigLoader.load(Optional.of(file), environment);
  }

  /** The message of the {@link ConfigException} that loading {@code yaml} must throw. */
  String error(String yaml) throws IOException {
    return error(yaml, Map.of());
  }

  String error(String yaml, Map<String, String> environment) throws IOException {
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return errorLoading(Optional.of(file), environment);
  }

  /** The message of the {@link ConfigException} that loading {@code file} must throw. */
  static String errorLoading(Optional<Path> file, Map<String, String> environment) {
    try {
      GatehouseConfig config = ConfigLoader.load(file, environment);
      throw new AssertionError("expected a ConfigException, but loaded " + config);
    } catch (ConfigException e) {
      return e.getMessage();
    }
  }
}
