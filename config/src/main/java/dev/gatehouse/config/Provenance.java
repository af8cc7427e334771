package dev.gatehouse.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of the merged configuration came from, so that a message names what the operator
 * must fix: the file as they gave it, or the environment variable that overrode the key.
 */
final class Provenance {
  private final String file;
  private final Map<String, String> overrides = new HashMap<>();

  /** {@code file} is the configuration file as the user named it, or a phrase for the defaults alone. */
  Provenance(String file) {
    this.file = file;
  }

  /** Records that the value at {@code path} ({@code server.port}) came from {@code source}. */
  void override(String path, String source) {
    overrides.put(path, source);
  }

  String sourceOf(String path) {
    return overrides.getOrDefault(path, file);
  }
}
