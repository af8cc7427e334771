package dev.gatehouse.proxy.pypi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads what an upstream index sends: a project page or the project list, as PEP 691 JSON or PEP 503 HTML
 * (told apart by the first character, since a JSON document starts with '{' and an HTML page never does).
 * File URLs are resolved against the page, as clients resolve them. PEP 629: only API major version 1 is
 * read; a page that declares another is unreadable rather than misread. Thread-safe.
 */
final class PageReader {
  /** A PEP 691 page nests four deep; anything far deeper is not one. */
  private static final int MAX_NESTING = 32;

  private final ObjectMapper json;
  private final JsonFactory factory;

  /** @param maxBytes {@code limits.maxMetadataBytes}, which already bounded the download */
  PageReader(long maxBytes) {
    int maxString = (int) Math.min(Integer.MAX_VALUE, maxBytes);
    this.factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
        .maxDocumentLength(maxBytes).maxStringLength(maxString).maxNestingDepth(MAX_NESTING).build()).build();
    this.json = new ObjectMapper(factory);
  }

  /** The upstream page could not be read as an index page; the sentence says why. */
  static final class UnreadablePage extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadablePage(String sentence) {
      super(sentence);
    }
  }

  /** The project page at {@code pageUrl}. */
  ProjectPage project(ProjectName project, URI pageUrl, byte[] body) throws UnreadablePage {
    String text = new String(body, StandardCharsets.UTF_8);
    return isJson(text) ? projectFromJson(project, pageUrl, body) : projectFromHtml(project, pageUrl, text);
  }

  /** The project names of the index's root page, as it spells them. */
  List<String> projectList(byte[] body) throws UnreadablePage {
    String text = new String(body, StandardCharsets.UTF_8);
    if (!isJson(text)) {
      HtmlAnchors page = html(text, "the project list");
      return page.anchors().stream().map(HtmlAnchors.Anchor::text).filter(t -> !t.isEmpty()).toList();
    }
    // Streamed: PyPI's list names over half a million projects, too many for a tree.
    List<String> names = new ArrayList<>();
    try (JsonParser parser = factory.createParser(body)) {
      expect(parser.nextToken() == JsonToken.START_OBJECT, "the project list is not a JSON object");
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("projects") && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String key = parser.currentName();
              JsonToken v = parser.nextToken();
              if (key.equals("name") && v == JsonToken.VALUE_STRING) {
                names.add(parser.getText());
              } else {
                parser.skipChildren();
              }
            }
          }
        } else if (field.equals("meta") && value == JsonToken.START_OBJECT) {
          checkVersion(Optional.ofNullable(json.<JsonNode>readTree(parser).path("api-version").textValue()));
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UnreadablePage("the project list is not valid JSON: " + e.getMessage());
    }
    return names;
  }

  private ProjectPage projectFromHtml(ProjectName project, URI pageUrl, String html) throws UnreadablePage {
    HtmlAnchors page = html(html, "the project page");
    URI base = page.baseHref().flatMap(b -> resolve(pageUrl, b)).orElse(pageUrl);
    List<IndexFile> files = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (HtmlAnchors.Anchor anchor : page.anchors()) {
      Optional<URI> url = anchor.attribute("href").flatMap(h -> resolve(base, h));
      if (url.isEmpty()) {
        continue;
      }
      URI absolute = url.get();
      Map<String, String> hashes = new LinkedHashMap<>();
      if (absolute.getRawFragment() != null) {
        hash(absolute.getRawFragment(), hashes);
      }
      Optional<Map<String, String>> metadata = coreMetadataAttribute(
          anchor.attribute("data-core-metadata").or(() -> anchor.attribute("data-dist-info-metadata")));
      Optional<Boolean> gpg = anchor.attribute("data-gpg-sig").map(v -> v.equalsIgnoreCase("true"));
      withoutFragment(absolute).flatMap(u -> fileName(u).map(name -> new IndexFile(name, u, hashes,
              anchor.attribute("data-requires-python"), anchor.attribute("data-yanked"), metadata, gpg,
              OptionalLong.empty(), Optional.empty())))
          .filter(f -> seen.add(f.filename()))
          .ifPresent(files::add);
    }
    return new ProjectPage(project.normalized(), files, Optional.empty());
  }

  private ProjectPage projectFromJson(ProjectName project, URI pageUrl, byte[] body) throws UnreadablePage {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw new UnreadablePage("the project page is not valid JSON: " + e.getMessage());
    }
    expect(root != null && root.isObject(), "the project page is not a JSON object");
    checkVersion(Optional.ofNullable(root.path("meta").path("api-version").textValue()));
    expect(root.path("files").isArray(), "the project page has no \"files\" list");
    List<IndexFile> files = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode file : root.path("files")) {
      jsonFile(pageUrl, file).filter(f -> seen.add(f.filename())).ifPresent(files::add);
    }
    Optional<List<String>> versions = Optional.empty();
    if (root.path("versions").isArray()) {
      List<String> list = new ArrayList<>();
      root.path("versions").forEach(v -> {
        if (v.isTextual()) {
          list.add(v.textValue());
        }
      });
      versions = Optional.of(list);
    }
    String name = root.path("name").isTextual() ? root.path("name").textValue() : project.normalized();
    return new ProjectPage(name, files, versions);
  }

  /** One entry of a PEP 691 {@code files} list; empty when it lacks a URL or its file name contradicts it. */
  private static Optional<IndexFile> jsonFile(URI pageUrl, JsonNode file) {
    Optional<URI> url = text(file, "url").flatMap(u -> resolve(pageUrl, u)).flatMap(PageReader::withoutFragment);
    Optional<String> name = url.flatMap(PageReader::fileName);
    if (name.isEmpty() || (file.has("filename") && !name.get().equals(file.path("filename").asText()))) {
      return Optional.empty();
    }
    Map<String, String> hashes = hashMap(file.path("hashes"));
    JsonNode metadataNode = file.has("core-metadata") ? file.get("core-metadata") : file.path("dist-info-metadata");
    Optional<Map<String, String>> metadata = metadataNode.isObject() ? Optional.of(hashMap(metadataNode))
        : metadataNode.isBoolean() && metadataNode.booleanValue() ? Optional.of(Map.of()) : Optional.empty();
    JsonNode yankedNode = file.path("yanked");
    Optional<String> yanked = yankedNode.isTextual() ? Optional.of(yankedNode.textValue())
        : yankedNode.isBoolean() && yankedNode.booleanValue() ? Optional.of("") : Optional.empty();
    Optional<Boolean> gpg = file.path("gpg-sig").isBoolean() ? Optional.of(file.get("gpg-sig").booleanValue())
        : Optional.empty();
    OptionalLong size = file.path("size").canConvertToExactIntegral() && file.path("size").asLong() >= 0
        ? OptionalLong.of(file.get("size").asLong()) : OptionalLong.empty();
    return Optional.of(new IndexFile(name.get(), url.get(), hashes, text(file, "requires-python"), yanked, metadata,
        gpg, size, text(file, "upload-time").flatMap(PageReader::instant)));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
  }

  private static Map<String, String> hashMap(JsonNode node) {
    Map<String, String> hashes = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> {
      if (e.getValue().isTextual()) {
        putHash(hashes, e.getKey(), e.getValue().textValue());
      }
    });
    return hashes;
  }

  /** {@code data-core-metadata="true"} or {@code ="sha256=…"}; anything else means none (PEP 658). */
  private static Optional<Map<String, String>> coreMetadataAttribute(Optional<String> value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.get().equalsIgnoreCase("true")) {
      return Optional.of(Map.of());
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    hash(value.get(), hashes);
    return hashes.isEmpty() ? Optional.empty() : Optional.of(hashes);
  }

  private static void hash(String nameEqualsHex, Map<String, String> into) {
    int eq = nameEqualsHex.indexOf('=');
    if (eq > 0) {
      putHash(into, nameEqualsHex.substring(0, eq), nameEqualsHex.substring(eq + 1));
    }
  }

  /** Keeps only well-formed digests: a known-looking name and hex of a sane length. */
  private static void putHash(Map<String, String> into, String name, String hex) {
    String n = name.toLowerCase(Locale.ROOT);
    String h = hex.toLowerCase(Locale.ROOT);
    boolean nameOk = !n.isEmpty() && n.length() <= 16 && n.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    boolean hexOk = h.length() >= 32 && h.length() <= 128 && h.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    if (nameOk && hexOk) {
      into.putIfAbsent(n, h);
    }
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException notIso) {
      return Optional.empty();
    }
  }

  private static Optional<URI> resolve(URI base, String href) {
    try {
      return Optional.of(base.resolve(new URI(href.strip())).normalize());
    } catch (URISyntaxException | IllegalArgumentException unusable) {
      return Optional.empty();
    }
  }

  private static Optional<URI> withoutFragment(URI url) {
    if (!url.isAbsolute() || url.isOpaque()) {
      return Optional.empty();
    }
    try {
      String raw = url.toString();
      int hash = raw.indexOf('#');
      return Optional.of(new URI(hash < 0 ? raw : raw.substring(0, hash)));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> fileName(URI url) {
    return url.getRawPath() == null ? Optional.empty() : FileHosts.fileName(url.getRawPath());
  }

  private static boolean isJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c) && c != '\uFEFF') {
        return c == '{';
      }
    }
    return false;
  }

  /**
   * {@code text} read as a PEP 503 page. The HTML reader is lenient, so anything an upstream sends reads as some
   * page; an error text, a proxy's login page or binary noise answered with 200 would then replace a good copy
   * with an empty one. A page must be markup from its first character, and one without a single link must at
   * least be an HTML document, so that such an answer is a failure and the last good copy keeps serving.
   */
  private static HtmlAnchors html(String text, String what) throws UnreadablePage {
    String start = text.stripLeading();
    if (start.startsWith("\uFEFF")) {
      start = start.substring(1).stripLeading();
    }
    expect(start.startsWith("<"), what + " is neither PEP 691 JSON nor an HTML page");
    HtmlAnchors page = HtmlAnchors.parse(text);
    checkVersion(page.repositoryVersion());
    String head = start.substring(0, Math.min(start.length(), 4096)).toLowerCase(Locale.ROOT);
    expect(!page.anchors().isEmpty() || head.startsWith("<!doctype html") || head.contains("<html")
        || head.contains("<body"), what + " is not an HTML document and links to nothing");
    return page;
  }

  /** PEP 629: a client must not read a major version it does not know. */
  private static void checkVersion(Optional<String> declared) throws UnreadablePage {
    if (declared.isPresent() && !declared.get().strip().startsWith("1.") && !declared.get().strip().equals("1")) {
      throw new UnreadablePage("the index speaks API version " + declared.get() + ", and Gatehouse reads 1.x");
    }
  }

  private static void expect(boolean condition, String sentence) throws UnreadablePage {
    if (!condition) {
      throw new UnreadablePage(sentence);
    }
  }
}
