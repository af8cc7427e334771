package dev.gatehouse.proxy.npm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The JSON reader and writer for upstream packuments, with their own {@link StreamReadConstraints} sized from
 * {@code limits.maxMetadataBytes} (Jackson's global defaults are never changed). Packuments are read as a stream;
 * only one version's manifest, or a small map such as {@code dist-tags}, is ever a tree. Thread-safe.
 */
final class PackumentJson {
  /**
   * How deep a packument may nest. Real ones reach about ten levels (a manifest's {@code config} or {@code
   * eslintConfig}); the bound keeps a hostile document from exhausting the stack of the tree reader.
   */
  static final int MAX_NESTING_DEPTH = 200;
  /** The longest number literal: packuments hold sizes and counts, never long numbers. */
  static final int MAX_NUMBER_LENGTH = 100;

  private final long maxMetadataBytes;
  private final JsonFactory factory;
  private final ObjectMapper mapper;

  /** @param maxMetadataBytes {@code limits.maxMetadataBytes}: the largest packument, and so its longest string */
  PackumentJson(long maxMetadataBytes) {
    if (maxMetadataBytes <= 0) {
      throw new IllegalArgumentException("limits.maxMetadataBytes must be positive, was " + maxMetadataBytes);
    }
    this.maxMetadataBytes = maxMetadataBytes;
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxDocumentLength(maxMetadataBytes)
        .maxStringLength((int) Math.min(maxMetadataBytes, Integer.MAX_VALUE))
        .maxNameLength((int) Math.min(maxMetadataBytes, Integer.MAX_VALUE))
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .build();
    // A key given twice is how one reader is shown one version and another reader a different one.
    this.factory = JsonFactory.builder()
        .streamReadConstraints(constraints)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    this.factory.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    this.mapper = new ObjectMapper(factory);
  }

  JsonParser parser(InputStream in) throws IOException {
    return factory.createParser(in);
  }

  JsonGenerator generator(OutputStream out) throws IOException {
    return factory.createGenerator(out);
  }

  /** The value at the parser's current token as a tree: one manifest or one small map, never a whole packument. */
  JsonNode tree(JsonParser parser) throws IOException {
    return mapper.readTree(parser);
  }

  void write(JsonGenerator generator, JsonNode tree) throws IOException {
    mapper.writeTree(generator, tree);
  }

  /** A sentence for a packument that broke a bound, naming the bound; or the parser's own message. */
  String describe(IOException problem) {
    if (problem instanceof StreamConstraintsException) {
      String message = problem.getMessage();
      if (message != null && message.contains("nesting depth")) {
        return "it nests deeper than " + MAX_NESTING_DEPTH + " levels";
      }
      if (message != null && message.contains("Number value length")) {
        return "it holds a number longer than " + MAX_NUMBER_LENGTH + " digits";
      }
      return "it is larger than " + maxMetadataBytes + " bytes (limits.maxMetadataBytes)";
    }
    String message = problem.getMessage();
    int location = message == null ? -1 : message.indexOf("\n at [");
    return "it is not valid JSON: " + (location < 0 ? message : message.substring(0, location));
  }
}
