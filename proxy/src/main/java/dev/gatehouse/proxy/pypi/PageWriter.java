package dev.gatehouse.proxy.pypi;

import static dev.gatehouse.proxy.pypi.CharacterReferences.escape;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes index pages as Gatehouse serves them: PEP 503 HTML with the attributes of PEPs 503, 592, 629, 658
 * and 714, or PEP 691 JSON with those of PEP 700. Both forms carry the same files and facts, whichever form
 * the upstream sent. Thread-safe.
 */
final class PageWriter {
  private final JsonFactory json = new JsonFactory();

  byte[] html(Listing listing) {
    StringBuilder out = new StringBuilder(256 + listing.files().size() * 256);
    out.append("<!DOCTYPE html>\n<html>\n  <head>\n")
        .append("    <meta name=\"pypi:repository-version\" content=\"").append(listing.apiVersion()).append("\">\n")
        .append("    <title>Links for ").append(escape(listing.name())).append("</title>\n")
        .append("  </head>\n  <body>\n    <h1>Links for ").append(escape(listing.name())).append("</h1>\n");
    for (Listing.Entry entry : listing.files()) {
      IndexFile file = entry.file();
      out.append("    <a href=\"").append(escape(href(entry))).append('"');
      file.requiresPython().ifPresent(r -> out.append(" data-requires-python=\"").append(escape(r)).append('"'));
      file.yanked().ifPresent(y -> out.append(" data-yanked=\"").append(escape(y)).append('"'));
      file.coreMetadata().ifPresent(hashes -> {
        // PEP 714 names it data-core-metadata; pip before 23.2 reads only the older name, so both are sent.
        String value = escape(metadataAttribute(hashes));
        out.append(" data-dist-info-metadata=\"").append(value).append('"')
            .append(" data-core-metadata=\"").append(value).append('"');
      });
      file.gpgSignature().ifPresent(g -> out.append(" data-gpg-sig=\"").append(g).append('"'));
      out.append('>').append(escape(file.filename())).append("</a><br />\n");
    }
    out.append("  </body>\n</html>\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  byte[] json(Listing listing) {
    return write(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("meta");
      g.writeStringField("api-version", listing.apiVersion());
      g.writeEndObject();
      g.writeStringField("name", listing.name());
      g.writeArrayFieldStart("files");
      for (Listing.Entry entry : listing.files()) {
        file(g, entry);
      }
      g.writeEndArray();
      if (listing.versions().isPresent()) {
        g.writeArrayFieldStart("versions");
        for (String v : listing.versions().get()) {
          g.writeString(v);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    });
  }

  private static void file(JsonGenerator g, Listing.Entry entry) throws IOException {
    IndexFile file = entry.file();
    g.writeStartObject();
    g.writeStringField("filename", file.filename());
    g.writeStringField("url", href(entry));
    g.writeObjectFieldStart("hashes");
    for (Map.Entry<String, String> h : file.hashes().entrySet()) {
      g.writeStringField(h.getKey(), h.getValue());
    }
    g.writeEndObject();
    if (file.requiresPython().isPresent()) {
      g.writeStringField("requires-python", file.requiresPython().get());
    }
    if (file.coreMetadata().isPresent()) {
      for (String key : new String[] {"core-metadata", "dist-info-metadata"}) {
        if (file.coreMetadata().get().isEmpty()) {
          g.writeBooleanField(key, true);
        } else {
          g.writeObjectFieldStart(key);
          for (Map.Entry<String, String> h : file.coreMetadata().get().entrySet()) {
            g.writeStringField(h.getKey(), h.getValue());
          }
          g.writeEndObject();
        }
      }
    }
    if (file.gpgSignature().isPresent()) {
      g.writeBooleanField("gpg-sig", file.gpgSignature().get());
    }
    if (file.yanked().isPresent()) {
      // PEP 691: a reason when there is one, else true.
      if (file.yanked().get().isEmpty()) {
        g.writeBooleanField("yanked", true);
      } else {
        g.writeStringField("yanked", file.yanked().get());
      }
    }
    if (file.size().isPresent()) {
      g.writeNumberField("size", file.size().getAsLong());
    }
    if (file.uploadTime().isPresent()) {
      g.writeStringField("upload-time", file.uploadTime().get().toString());
    }
    g.writeEndObject();
  }

  /** The root page: one link per project, to its normalized name. */
  byte[] projectListHtml(List<String> names) {
    StringBuilder out = new StringBuilder(128 + names.size() * 48);
    out.append("<!DOCTYPE html>\n<html>\n  <head>\n")
        .append("    <meta name=\"pypi:repository-version\" content=\"1.0\">\n")
        .append("    <title>Simple index</title>\n  </head>\n  <body>\n");
    for (String name : names) {
      Optional<String> normalized = ProjectName.normalize(name);
      if (normalized.isPresent()) {
        out.append("    <a href=\"").append(normalized.get()).append("/\">").append(escape(name)).append("</a>\n");
      }
    }
    out.append("  </body>\n</html>\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  byte[] projectListJson(List<String> names) {
    return write(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("meta");
      g.writeStringField("api-version", "1.0");
      g.writeEndObject();
      g.writeArrayFieldStart("projects");
      for (String name : names) {
        if (ProjectName.normalize(name).isPresent()) {
          g.writeStartObject();
          g.writeStringField("name", name);
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /** PEP 503: the URL carries one hash as its fragment; clients check the download against it. */
  private static String href(Listing.Entry entry) {
    return entry.file().verifiableHash().map(h -> entry.href() + "#" + h.getKey() + "=" + h.getValue())
        .orElse(entry.href());
  }

  private static String metadataAttribute(Map<String, String> hashes) {
    if (hashes.isEmpty()) {
      return "true";
    }
    String name = hashes.containsKey("sha256") ? "sha256" : hashes.keySet().iterator().next();
    return name + "=" + hashes.get(name);
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator generator) throws IOException;
  }

  private byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = json.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
