package dev.gatehouse.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * {@code storage.*}: {@code dir} ({@code GATEHOUSE_DATA_DIR}) holds blobs, the database and the admin token.
 * {@link ConfigLoader} resolves it against the working directory, so it is absolute when loaded.
 */
public record StorageConfig(Path dir) {
  public StorageConfig {
    requireNonNull(dir, "dir");
  }
}
