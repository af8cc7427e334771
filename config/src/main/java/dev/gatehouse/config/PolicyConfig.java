package dev.gatehouse.config;

import java.nio.file.Path;
import java.util.Optional;

/** {@code policy.*}: {@code file}, resolved against the config file's folder; empty means the embedded default. */
public record PolicyConfig(Optional<Path> file) {
  public PolicyConfig {
    file = file == null ? Optional.empty() : file;
  }
}
