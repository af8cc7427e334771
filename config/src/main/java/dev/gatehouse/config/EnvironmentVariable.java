package dev.gatehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;

/**
 * The environment variables that override keys of {@code gatehouse.yml}: the values a container
 * platform usually sets. They win over the file and the defaults.
 */
enum EnvironmentVariable {
  HOST("GATEHOUSE_HOST", "server", "host"),
  PORT("GATEHOUSE_PORT", "server", "port"),
  DATA_DIR("GATEHOUSE_DATA_DIR", "storage", "dir"),
  ADMIN_TOKEN("GATEHOUSE_ADMIN_TOKEN", "admin", "token");

  private final String variable;
  private final String section;
  private final String key;

  EnvironmentVariable(String variable, String section, String key) {
    this.variable = variable;
    this.section = section;
    this.key = key;
  }

  /** The key this variable overrides, such as {@code server.port}. */
  String path() {
    return section + "." + key;
  }

  /**
   * Sets every variable present in {@code environment} into {@code tree} as text, which the key's reader
   * then validates like a value from the file, and records it in {@code provenance} so that a bad value
   * is reported under the variable's name. An empty variable counts as unset, as {@code ${VAR:-}} in a
   * compose file produces one.
   */
  static void applyAll(Map<String, String> environment, ObjectNode tree, Provenance provenance) {
    for (EnvironmentVariable override : values()) {
      String value = environment.get(override.variable);
      JsonNode section = tree.path(override.section);
      // A section the file made into something other than a mapping is reported as the file's mistake.
      if (value == null || value.isEmpty() || !section.isObject()) {
        continue;
      }
      ((ObjectNode) section).set(override.key, TextNode.valueOf(value));
      provenance.override(override.path(), "environment variable " + override.variable);
    }
  }
}
