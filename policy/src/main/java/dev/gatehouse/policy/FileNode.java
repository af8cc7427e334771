package dev.gatehouse.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One node of a parsed policy file together with its key path ({@code rules[2].when.capabilities[0]}), so
 * that every error names the file, the key and what is wrong. Reading a node checks its type; nothing is
 * coerced (a version written as {@code 1.10} would silently become {@code 1.1}).
 */
final class FileNode {
  private final String source;
  private final String path;
  private final JsonNode node;

  private FileNode(String source, String path, JsonNode node) {
    this.source = source;
    this.path = path;
    this.node = node;
  }

  static FileNode root(String source, JsonNode node) {
    return new FileNode(source, "", node);
  }

  String path() {
    return path;
  }

  /** An error at this node: {@code policy.yml: rules[2].name: problem}. */
  PolicyException fail(String problem) {
    return new PolicyException(source + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
  }

  /** Whether the key exists with a value ({@code key:} with nothing after it counts as absent). */
  boolean present() {
    return node != null && !node.isMissingNode() && !node.isNull();
  }

  FileNode field(String key) {
    return new FileNode(source, path.isEmpty() ? key : path + "." + key, present() ? node.get(key) : null);
  }

  /** Checks that this node is a mapping whose keys are all among {@code known}. */
  FileNode mapping(String... known) {
    if (!node.isObject()) {
      throw fail("expected a mapping with keys " + String.join(", ", known) + ", found " + describe());
    }
    Set<String> keys = Set.of(known);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!keys.contains(name)) {
        throw field(name).fail("unknown key (known: " + String.join(", ", known) + ")");
      }
    }
    return this;
  }

  /** The keys of this mapping, in file order. */
  List<String> keys() {
    if (!node.isObject()) {
      throw fail("expected a mapping, found " + describe());
    }
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** The elements of this list; an absent key is an empty list. */
  List<FileNode> list() {
    if (!present()) {
      return List.of();
    }
    if (!node.isArray()) {
      String hint = node.isValueNode() ? "; write [" + node.asText() + "]" : "";
      throw fail("expected a list, found " + describe() + hint);
    }
    List<FileNode> elements = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      elements.add(new FileNode(source, path + "[" + i + "]", node.get(i)));
    }
    return elements;
  }

  /** Like {@link #list()}, but an empty list is an error: {@code what} says what the key would match. */
  List<FileNode> nonEmptyList(String what) {
    List<FileNode> elements = list();
    if (present() && elements.isEmpty()) {
      throw fail("empty list; remove the key to match " + what);
    }
    return elements;
  }

  /** This node's text; it must be present and written as text, not as a number or boolean. */
  String text() {
    if (node == null || node.isMissingNode()) {
      throw fail("missing");
    }
    if (node.isNull()) {
      throw fail("expected text, found nothing");
    }
    if (node.isNumber() || node.isBoolean()) {
      throw fail("%s is read by YAML as a %s; quote it (\"%s\") so that it is read exactly as written"
          .formatted(node.asText(), node.isNumber() ? "number" : "boolean", node.asText()));
    }
    if (!node.isTextual()) {
      throw fail("expected text, found " + describe());
    }
    if (node.asText().isBlank()) {
      throw fail("empty text");
    }
    return node.asText();
  }

  String text(String absent) {
    return present() ? text() : absent;
  }

  boolean isNumber() {
    return present() && node.isNumber();
  }

  /** The scalar as YAML gave it, for messages. */
  String raw() {
    return present() ? node.asText() : "";
  }

  boolean bool(boolean absent) {
    if (!present()) {
      return absent;
    }
    if (!node.isBoolean()) {
      throw fail("expected true or false, found " + describe());
    }
    return node.booleanValue();
  }

  /** This node's text read as one of {@code values} by their keys; {@code kind} names the set in errors. */
  <E extends Enum<E>> E oneOf(String kind, E[] values, Function<E, String> key) {
    String text = text();
    for (E value : values) {
      if (key.apply(value).equals(text)) {
        return value;
      }
    }
    throw fail("unknown %s \"%s\" (known: %s)".formatted(kind, text,
        String.join(", ", Arrays.stream(values).map(key).toList())));
  }

  /** Runs {@code check} on this node's value, turning its {@link IllegalArgumentException} into an error here. */
  <T> T check(Supplier<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      throw fail(e.getMessage());
    }
  }

  private String describe() {
    if (!present()) {
      return "nothing";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isTextual()) {
      return "text \"" + node.asText() + "\"";
    }
    return node.isNumber() ? "the number " + node.asText() : node.asText();
  }
}
