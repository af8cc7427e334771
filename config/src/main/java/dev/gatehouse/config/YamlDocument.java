package dev.gatehouse.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML configuration document read into a Jackson tree, with every problem turned into a {@link
 * ConfigException} that names the source and, for syntax errors, the line and column.
 *
 * <p>The tree is built token by token rather than with {@code readTree} because Jackson quietly turns an
 * alias ({@code *name}) into the text {@code "name"}, keeps only the first of several documents, and lets
 * the last of two equal keys win; each of those would configure something other than what the file says.
 */
final class YamlDocument {
  /** Largest configuration file read; a real one is a few KiB. */
  static final int MAX_FILE_BYTES = 1 << 20;
  /** Deepest nesting of mappings and lists; the configuration itself is four levels deep. */
  static final int MAX_NESTING_DEPTH = 32;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String source;
  private final YAMLParser parser;

  private YamlDocument(String source, YAMLParser parser) {
    this.source = source;
    this.parser = parser;
  }

  /** Reads {@code file}; every message names it as the caller gave it. An empty file is a {@link MissingNode}. */
  static JsonNode read(Path file) throws ConfigException {
    String source = file.toString();
    return parse(source, decode(source, bytes(source, file)));
  }

  /** Parses {@code text}; {@code source} names it in messages. An empty document is a {@link MissingNode}. */
  static JsonNode parse(String source, String text) throws ConfigException {
    // YAML 1.2 reads an empty plain value (`key:`) as null; a quoted "" stays an empty string.
    YAMLFactory factory = YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
    try (YAMLParser parser = factory.createParser(text)) {
      YamlDocument document = new YamlDocument(source, parser);
      JsonToken first = parser.nextToken();
      if (first == null) {
        return MissingNode.getInstance();
      }
      JsonNode root = document.value(first, "", 1);
      if (parser.nextToken() != null) {
        throw document.at(parser.currentTokenLocation(), "a second YAML document (after ---); "
            + "a configuration file holds one");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw syntaxError(source, e);
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  private JsonNode value(JsonToken token, String path, int depth) throws IOException, ConfigException {
    if (token == null) {
      throw at(parser.currentLocation(), keyed(path) + "the document ends in the middle of a value");
    }
    if (parser.isCurrentAlias()) {
      throw at(parser.currentTokenLocation(), keyed(path) + "YAML aliases (*" + parser.getText()
          + ") are not supported; write the value out");
    }
    if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth > MAX_NESTING_DEPTH) {
      throw at(parser.currentTokenLocation(), keyed(path) + "nested deeper than " + MAX_NESTING_DEPTH + " levels");
    }
    switch (token) {
      case START_OBJECT:
        return mapping(path, depth);
      case START_ARRAY:
        ArrayNode list = NODES.arrayNode();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          list.add(value(next, path + "[" + list.size() + "]", depth + 1));
        }
        return list;
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        return NODES.numberNode(parser.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      case VALUE_NULL:
        return NODES.nullNode();
      case VALUE_EMBEDDED_OBJECT:
        throw at(parser.currentTokenLocation(), keyed(path) + "binary values (!!binary) are not supported");
      default:
        throw at(parser.currentTokenLocation(), keyed(path) + "unexpected YAML content");
    }
  }

  private ObjectNode mapping(String path, int depth) throws IOException, ConfigException {
    ObjectNode mapping = NODES.objectNode();
    for (JsonToken next = parser.nextToken(); next == JsonToken.FIELD_NAME; next = parser.nextToken()) {
      String key = parser.currentName();
      String keyPath = ConfigNode.join(path, key);
      if (mapping.has(key)) {
        throw at(parser.currentTokenLocation(), keyPath + ": key given twice");
      }
      mapping.set(key, value(parser.nextToken(), keyPath, depth + 1));
    }
    return mapping;
  }

  private ConfigException at(JsonLocation location, String problem) {
    return new ConfigException(source + ": line " + location.getLineNr() + ", column "
        + location.getColumnNr() + ": " + problem);
  }

  private static String keyed(String path) {
    return path.isEmpty() ? "" : path + ": ";
  }

  private static ConfigException syntaxError(String source, JsonProcessingException e) {
    // Jackson wraps SnakeYAML's own exception, whose mark is exact; Jackson's location can lag a line behind.
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException) {
        MarkedYAMLException yaml = (MarkedYAMLException) cause;
        Mark mark = yaml.getProblemMark() != null ? yaml.getProblemMark() : yaml.getContextMark();
        String problem = yaml.getProblem() != null ? yaml.getProblem() : yaml.getContext();
        String context = "";
        if (yaml.getContext() != null && yaml.getContextMark() != null && yaml.getProblem() != null) {
          context = " (" + yaml.getContext() + " at line " + (yaml.getContextMark().getLine() + 1)
              + ", column " + (yaml.getContextMark().getColumn() + 1) + ")";
        }
        return new ConfigException(source + ": line " + (mark.getLine() + 1) + ", column "
            + (mark.getColumn() + 1) + ": YAML syntax error: " + problem + context, e);
      }
    }
    JsonLocation location = e.getLocation();
    String original = String.valueOf(e.getOriginalMessage());
    // The remaining errors come from Jackson, whose messages name its own classes: say it in our words.
    String problem = original.startsWith("Expected a field name")
        ? "mapping keys must be plain text, not lists or mappings"
        : "not YAML that a configuration file can hold";
    String where = location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    return new ConfigException(source + ": " + where + "YAML syntax error: " + problem, e);
  }

  private static byte[] bytes(String source, Path file) throws ConfigException {
    if (Files.isDirectory(file)) {
      throw new ConfigException(source + ": is a directory, not a configuration file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw new ConfigException(source + ": larger than " + MAX_FILE_BYTES + " bytes, "
            + "which no configuration file needs");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      String absolute = file.isAbsolute() ? "" : " (looked for " + file.toAbsolutePath().normalize() + ")";
      throw new ConfigException(source + ": no such file" + absolute, e);
    } catch (AccessDeniedException e) {
      throw new ConfigException(source + ": cannot read: permission denied", e);
    } catch (FileSystemException e) {
      throw new ConfigException(source + ": cannot read: " + e.getReason(), e);
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static String decode(String source, byte[] bytes) throws ConfigException {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      // Editors on Windows may start the file with a byte order mark, which YAML allows.
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new ConfigException(source + ": not UTF-8 text", e);
    }
  }
}
