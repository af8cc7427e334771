package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.analyzer.npm.PackumentHistory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Gatehouse needs to know of one upstream packument, read from its file in one streaming pass: the
 * versions in document order with their tarballs and digests, the publish times, the {@code dist-tags}. It is
 * small beside the packument (no readmes, no dependency lists), so it stays in memory while the packument
 * itself stays on disk.
 *
 * @param versions by version, in document order
 * @param published each version's publish time from the packument's {@code time}, when it gives one
 * @param distTags tag to version, in document order
 * @param modified the packument's {@code time.modified}, as written
 * @param history which versions had install scripts and provenance, for the findings of a version that changes them
 */
record PackumentIndex(NpmName name, Map<String, NpmRelease> versions, Map<String, Instant> published,
    Map<String, String> distTags, Optional<String> modified, PackumentHistory history) {

  PackumentIndex {
    requireNonNull(name, "name");
    versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    published = Map.copyOf(published);
    distTags = Collections.unmodifiableMap(new LinkedHashMap<>(distTags));
    requireNonNull(modified, "modified");
    requireNonNull(history, "history");
  }

  /** The version whose tarball Gatehouse serves as {@code file}. */
  Optional<NpmRelease> byFile(String file) {
    return versions.values().stream().filter(v -> v.file().equals(file)).findFirst();
  }

  /**
   * Reads the packument in {@code file}, which the upstream sent for {@code name}.
   *
   * @throws IOException when it is not a packument of {@code name}, not valid JSON, or breaks a bound of {@code json}
   */
  static PackumentIndex read(Path file, NpmName name, PackumentJson json) throws IOException {
    Map<String, NpmRelease> versions = new LinkedHashMap<>();
    List<PackumentHistory.VersionFacts> facts = new ArrayList<>();
    Map<String, Instant> published = new LinkedHashMap<>();
    Map<String, String> distTags = new LinkedHashMap<>();
    Optional<String> modified = Optional.empty();
    try (InputStream in = Files.newInputStream(file); JsonParser parser = json.parser(in)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, "a packument is a JSON object");
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "name" -> {
            if (value != JsonToken.VALUE_STRING || !parser.getText().equals(name.full())) {
              throw new IOException("the upstream sent a packument named " + NpmName.quoted(parser.getText())
                  + " for " + name.full());
            }
          }
          case "versions" -> {
            expect(value, JsonToken.START_OBJECT, "\"versions\" is an object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String version = parser.currentName();
              parser.nextToken();
              JsonNode manifest = json.tree(parser);
              versions.put(version, NpmRelease.of(name, version, manifest));
              facts.add(PackumentHistory.VersionFacts.of(version, manifest));
            }
          }
          case "time" -> modified = times(parser, value, published);
          case "dist-tags" -> {
            expect(value, JsonToken.START_OBJECT, "\"dist-tags\" is an object");
            json.tree(parser).fields().forEachRemaining(tag -> {
              if (tag.getValue().isTextual()) {
                distTags.put(tag.getKey(), tag.getValue().asText());
              }
            });
          }
          default -> parser.skipChildren();
        }
      }
      expect(parser.currentToken(), JsonToken.END_OBJECT, "a packument is one JSON object");
      if (parser.nextToken() != null) {
        throw new IOException("the packument has data after its closing brace");
      }
    }
    published.keySet().retainAll(versions.keySet());
    return new PackumentIndex(name, versions, published, distTags, modified, PackumentHistory.of(facts));
  }

  /** Reads {@code time}: a publish time per version, plus {@code created} and {@code modified}. */
  private static Optional<String> times(JsonParser parser, JsonToken value, Map<String, Instant> published)
      throws IOException {
    expect(value, JsonToken.START_OBJECT, "\"time\" is an object");
    Optional<String> modified = Optional.empty();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      if (parser.nextToken() != JsonToken.VALUE_STRING) {
        parser.skipChildren(); // "unpublished" is an object
        continue;
      }
      String text = parser.getText();
      if (key.equals("modified")) {
        modified = Optional.of(text);
      }
      try {
        published.put(key, Instant.parse(text));
      } catch (DateTimeParseException notATime) {
        // A version without a readable time is not held by the cooldown, here as at the gate.
      }
    }
    return modified;
  }

  private static void expect(JsonToken actual, JsonToken expected, String sentence) throws IOException {
    if (actual != expected) {
      String found = actual == null ? "the end of the document"
          : actual.asString() != null ? actual.asString() : actual.name().toLowerCase(java.util.Locale.ROOT);
      throw new IOException(sentence + ", found " + found);
    }
  }

  /** The versions in document order. */
  List<String> versionList() {
    return List.copyOf(versions.keySet());
  }
}
