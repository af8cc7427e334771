package dev.gatehouse.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code gatehouse.yml} over the embedded defaults and the environment.
 *
 * <p>The layers, from weakest to strongest: the embedded {@code defaults.yml}, the user's file, then the
 * environment variables {@code GATEHOUSE_HOST}, {@code GATEHOUSE_PORT}, {@code GATEHOUSE_DATA_DIR} and
 * {@code GATEHOUSE_ADMIN_TOKEN}. Mappings merge key by key; a list or value the user gives replaces the
 * default; a key left empty ({@code key:} or {@code key: ~}) keeps its default. The merged tree is then
 * validated key by key, and any problem is a {@link ConfigException} whose message names the file as the
 * caller gave it (or the environment variable), the key path and what is wrong. Sizes accept {@code KB}
 * = 1000 and {@code KiB} = 1024 bytes (and {@code MB}, {@code MiB}, ...); durations accept {@code 250ms},
 * {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} and ISO-8601 ({@code PT30S}).
 *
 * <p>Loading has no side effects and keeps no state; it may be called from any thread.
 */
public final class ConfigLoader {
  private static final String DEFAULTS_RESOURCE = "defaults.yml";
  private static final String DEFAULTS_SOURCE = "embedded defaults";

  private ConfigLoader() {}

  /**
   * Loads {@code file} (or only the defaults when empty), then applies {@code environment} overrides
   * ({@code GATEHOUSE_HOST}, {@code GATEHOUSE_PORT}, {@code GATEHOUSE_DATA_DIR}, {@code GATEHOUSE_ADMIN_TOKEN}).
   * {@code storage.dir} is resolved against the working directory, {@code policy.file} against the folder
   * of {@code file}; both are absolute in the result.
   *
   * @throws ConfigException if the file cannot be read, is not YAML, or holds an unknown key or a value
   *     that is invalid; or if an environment variable has an invalid value
   */
  public static GatehouseConfig load(Optional<Path> file, Map<String, String> environment) throws ConfigException {
    requireNonNull(file, "file");
    requireNonNull(environment, "environment");
    ObjectNode tree = embeddedDefaults();
    Provenance provenance = new Provenance(file.map(Path::toString).orElse(DEFAULTS_SOURCE));
    if (file.isPresent()) {
      JsonNode given = YamlDocument.read(file.get());
      if (given.isObject()) {
        merge(tree, (ObjectNode) given);
      } else if (!given.isMissingNode() && !given.isNull()) {
        throw ConfigNode.root(given, provenance).problem("expected a mapping of sections ("
            + String.join(", ", ConfigReader.SECTIONS) + "), got " + ConfigNode.describe(given));
      }
    }
    EnvironmentVariable.applyAll(environment, tree, provenance);
    Optional<Path> folder = file.map(path -> path.toAbsolutePath().getParent());
    return new ConfigReader(folder).read(ConfigNode.root(tree, provenance));
  }

  /** The embedded defaults alone, without any environment: what tests start from. */
  public static GatehouseConfig defaults() {
    try {
      return load(Optional.empty(), Map.of());
    } catch (ConfigException e) {
      throw new IllegalStateException("the embedded defaults are invalid: " + e.getMessage(), e);
    }
  }

  /** Merges {@code given} into {@code base}: mappings key by key, anything else replaced. */
  private static void merge(ObjectNode base, ObjectNode given) {
    for (Iterator<Map.Entry<String, JsonNode>> fields = given.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode current = base.get(field.getKey());
      JsonNode value = field.getValue();
      // An empty key keeps its default; one unknown to the defaults is still copied, so that validation
      // reports it as unknown.
      if (value.isNull() && current != null) {
        continue;
      }
      if (current instanceof ObjectNode && value instanceof ObjectNode) {
        merge((ObjectNode) current, (ObjectNode) value);
      } else {
        base.set(field.getKey(), value);
      }
    }
  }

  /** A fresh tree of the embedded defaults: merging writes into it, so it is never shared. */
  private static ObjectNode embeddedDefaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the gatehouse-config jar");
      }
      JsonNode tree = YamlDocument.parse(DEFAULTS_SOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      if (!tree.isObject()) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is not a mapping");
      }
      return (ObjectNode) tree;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULTS_RESOURCE + " from the gatehouse-config jar", e);
    } catch (ConfigException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
