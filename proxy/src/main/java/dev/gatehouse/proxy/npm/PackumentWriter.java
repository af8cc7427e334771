package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the packument clients get from the upstream's copy on disk, in one streaming pass: withheld versions
 * and their {@code time} entries left out, {@code dist-tags} repaired, {@code deprecated} set on listed versions
 * Gatehouse refuses when the caller says so, every {@code dist.tarball} pointing at
 * Gatehouse, {@code dist.integrity} and {@code dist.shasum} untouched. Only one version's manifest is a tree at
 * a time; everything else is copied token by token. Thread-safe.
 */
final class PackumentWriter {
  /** What a client asked for: the whole document, or the abbreviated one npm installs from. */
  enum Form {
    FULL("application/json"),
    /** npm's "corgi" document: {@code Accept: application/vnd.npm.install-v1+json}. */
    ABBREVIATED("application/vnd.npm.install-v1+json");

    private final String contentType;

    Form(String contentType) {
      this.contentType = contentType;
    }

    String contentType() {
      return contentType;
    }
  }

  /**
   * The manifest fields of an abbreviated packument, in the order the npm registry writes them: what a
   * resolver and installer read, and nothing for people (no readme, description, maintainers or scripts).
   */
  static final List<String> ABBREVIATED_FIELDS = List.of("name", "version", "deprecated", "dependencies",
      "optionalDependencies", "devDependencies", "bundleDependencies", "bundledDependencies", "peerDependencies",
      "peerDependenciesMeta", "acceptDependencies", "bin", "directories", "engines", "cpu", "os", "libc",
      "_hasShrinkwrap", "funding", "license");

  private final PackumentJson json;

  PackumentWriter(PackumentJson json) {
    this.json = requireNonNull(json, "json");
  }

  /**
   * Writes the packument in {@code upstream} as {@code form} to {@code out}.
   *
   * @param registry Gatehouse's npm registry URL as the client reached it, ending in {@code /npm/}
   */
  void write(Path upstream, PackumentIndex index, VersionFilter.Selection selection, Map<String, String> deprecated,
      Form form, String registry, OutputStream out) throws IOException {
    try (InputStream in = Files.newInputStream(upstream); JsonParser parser = json.parser(in);
        JsonGenerator generator = json.generator(out)) {
      parser.nextToken();
      generator.writeStartObject();
      if (form == Form.ABBREVIATED) {
        generator.writeStringField("name", index.name().full());
        if (index.modified().isPresent()) {
          generator.writeStringField("modified", index.modified().get());
        }
        writeTags(generator, selection);
      }
      boolean versionsWritten = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (field.equals("versions")) {
          generator.writeFieldName(field);
          writeVersions(parser, generator, index, selection, deprecated, form, registry);
          versionsWritten = true;
        } else if (form == Form.ABBREVIATED) {
          parser.skipChildren();
        } else if (field.equals("dist-tags")) {
          parser.skipChildren();
          writeTags(generator, selection);
        } else if (field.equals("time")) {
          generator.writeFieldName(field);
          writeTimes(parser, generator, selection);
        } else {
          generator.writeFieldName(field);
          generator.copyCurrentStructure(parser);
        }
      }
      if (form == Form.ABBREVIATED && !versionsWritten) {
        generator.writeObjectFieldStart("versions");
        generator.writeEndObject();
      }
      generator.writeEndObject();
    }
  }

  /** The manifest of one kept version, tarball rewritten; empty when the packument does not list it. */
  Optional<byte[]> version(Path upstream, NpmRelease release, String registry, NpmName name) throws IOException {
    try (InputStream in = Files.newInputStream(upstream); JsonParser parser = json.parser(in)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (!field.equals("versions") || parser.currentToken() != JsonToken.START_OBJECT) {
          parser.skipChildren();
          continue;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String version = parser.currentName();
          parser.nextToken();
          if (!version.equals(release.version())) {
            parser.skipChildren();
            continue;
          }
          JsonNode manifest = json.tree(parser);
          rewriteTarball(manifest, registry, name, release);
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          try (JsonGenerator generator = json.generator(out)) {
            json.write(generator, manifest);
          }
          return Optional.of(out.toByteArray());
        }
      }
    }
    return Optional.empty();
  }

  private void writeVersions(JsonParser parser, JsonGenerator generator, PackumentIndex index,
      VersionFilter.Selection selection, Map<String, String> deprecated, Form form, String registry)
      throws IOException {
    generator.writeStartObject();
    if (parser.currentToken() == JsonToken.START_OBJECT) {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String version = parser.currentName();
        parser.nextToken();
        NpmRelease release = index.versions().get(version);
        if (release == null || !selection.keeps(version)) {
          parser.skipChildren();
          continue;
        }
        JsonNode manifest = json.tree(parser);
        rewriteTarball(manifest, registry, index.name(), release);
        if (deprecated.containsKey(version) && manifest instanceof ObjectNode object) {
          object.put("deprecated", deprecated.get(version));
        }
        generator.writeFieldName(version);
        json.write(generator, form == Form.ABBREVIATED ? abbreviate(manifest, release) : manifest);
      }
    } else {
      parser.skipChildren();
    }
    generator.writeEndObject();
  }

  private static void writeTags(JsonGenerator generator, VersionFilter.Selection selection) throws IOException {
    generator.writeObjectFieldStart("dist-tags");
    for (Map.Entry<String, String> tag : selection.distTags().entrySet()) {
      generator.writeStringField(tag.getKey(), tag.getValue());
    }
    generator.writeEndObject();
  }

  /** Copies {@code time} without the entries of withheld versions, which would tell a resolver they exist. */
  private static void writeTimes(JsonParser parser, JsonGenerator generator, VersionFilter.Selection selection)
      throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      generator.copyCurrentStructure(parser);
      return;
    }
    generator.writeStartObject();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      parser.nextToken();
      if (selection.keeps(key)) {
        generator.writeFieldName(key);
        generator.copyCurrentStructure(parser);
      } else {
        parser.skipChildren();
      }
    }
    generator.writeEndObject();
  }

  private static void rewriteTarball(JsonNode manifest, String registry, NpmName name, NpmRelease release) {
    if (manifest.path("dist") instanceof ObjectNode dist) {
      dist.put("tarball", registry + name.full() + "/-/" + release.file());
    }
  }

  private static JsonNode abbreviate(JsonNode manifest, NpmRelease release) {
    if (!manifest.isObject()) {
      return manifest;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String field : ABBREVIATED_FIELDS) {
      if (manifest.has(field)) {
        out.set(field, manifest.get(field));
      }
    }
    if (release.hasInstallScript()) {
      out.put("hasInstallScript", true);
    }
    if (manifest.has("dist")) {
      out.set("dist", manifest.get("dist"));
    }
    return out;
  }
}
