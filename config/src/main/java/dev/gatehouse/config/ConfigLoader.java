package dev.gatehouse.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Reads {@code gatehouse.yml} over the embedded defaults and the environment. */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * Loads {@code file} (or only the defaults when empty), then applies {@code environment} overrides
   * ({@code GATEHOUSE_HOST}, {@code GATEHOUSE_PORT}, {@code GATEHOUSE_DATA_DIR}, {@code GATEHOUSE_ADMIN_TOKEN}).
   */
  public static GatehouseConfig load(Optional<Path> file, Map<String, String> environment) throws ConfigException {
    throw new UnsupportedOperationException("being built");
  }

  /** The embedded defaults alone, without any environment: what tests start from. */
  public static GatehouseConfig defaults() {
    throw new UnsupportedOperationException("being built");
  }
}
