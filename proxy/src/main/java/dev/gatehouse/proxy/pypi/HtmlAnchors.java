package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The anchors of a PEP 503 page, read by a small single-pass scanner rather than a general HTML parser or
 * regular expressions: what it needs are {@code <a>} tags with their attributes and text, the first {@code
 * <base href>} (pip honours it) and the PEP 629 {@code <meta name="pypi:repository-version">}. Comments,
 * {@code <script>} and {@code <style>} bodies are skipped; malformed markup never fails, it just yields
 * fewer anchors. Each character is looked at a bounded number of times, so time is linear in the page,
 * whose size {@code limits.maxMetadataBytes} bounds.
 *
 * @param anchors in document order
 */
record HtmlAnchors(List<Anchor> anchors, Optional<String> baseHref, Optional<String> repositoryVersion) {
  /** One {@code <a>}: attribute names in lowercase, values and text with character references decoded. */
  record Anchor(Map<String, String> attributes, String text) {
    Anchor {
      attributes = Map.copyOf(attributes);
      requireNonNull(text, "text");
    }

    Optional<String> attribute(String name) {
      return Optional.ofNullable(attributes.get(name));
    }
  }

  HtmlAnchors {
    anchors = List.copyOf(anchors);
  }

  static HtmlAnchors parse(String html) {
    return new Scanner(html).run();
  }

  /** Not thread-safe; one per page. */
  private static final class Scanner {
    private final String html;
    private int pos;
    private final List<Anchor> anchors = new ArrayList<>();
    private String baseHref;
    private String repositoryVersion;
    private Map<String, String> openAnchor;
    private final StringBuilder anchorText = new StringBuilder();

    Scanner(String html) {
      this.html = html;
    }

    HtmlAnchors run() {
      while (pos < html.length()) {
        char c = html.charAt(pos);
        if (c != '<') {
          if (openAnchor != null) {
            anchorText.append(c);
          }
          pos++;
        } else if (html.startsWith("<!--", pos)) {
          pos = skipPast("-->", pos + 4);
        } else if (pos + 1 < html.length() && (html.charAt(pos + 1) == '!' || html.charAt(pos + 1) == '?')) {
          pos = skipPast(">", pos + 2);
        } else {
          tag();
        }
      }
      closeAnchor();
      return new HtmlAnchors(anchors, Optional.ofNullable(baseHref), Optional.ofNullable(repositoryVersion));
    }

    private void tag() {
      int start = pos;
      pos++; // '<'
      boolean closing = pos < html.length() && html.charAt(pos) == '/';
      if (closing) {
        pos++;
      }
      int nameStart = pos;
      while (pos < html.length() && Character.isLetterOrDigit(html.charAt(pos))) {
        pos++;
      }
      if (pos == nameStart) {
        // A '<' that starts no tag is text, as browsers read it.
        if (openAnchor != null) {
          anchorText.append(html, start, pos);
        }
        return;
      }
      String name = html.substring(nameStart, pos).toLowerCase(Locale.ROOT);
      Map<String, String> attributes = attributes();
      if (closing) {
        if (name.equals("a")) {
          closeAnchor();
        }
        return;
      }
      switch (name) {
        case "a" -> {
          closeAnchor();
          openAnchor = attributes;
        }
        case "base" -> {
          if (baseHref == null && attributes.containsKey("href")) {
            baseHref = attributes.get("href");
          }
        }
        case "meta" -> {
          if ("pypi:repository-version".equals(attributes.get("name")) && attributes.containsKey("content")) {
            repositoryVersion = attributes.get("content").strip();
          }
        }
        case "script", "style" -> pos = skipPastIgnoringCase("</" + name, pos);
        default -> { }
      }
    }

    /** Reads attributes up to and including the tag's closing {@code >}. */
    private Map<String, String> attributes() {
      Map<String, String> attributes = new LinkedHashMap<>();
      while (pos < html.length()) {
        char c = html.charAt(pos);
        if (c == '>') {
          pos++;
          break;
        }
        if (Character.isWhitespace(c) || c == '/') {
          pos++;
          continue;
        }
        int nameStart = pos;
        while (pos < html.length() && !Character.isWhitespace(html.charAt(pos)) && "=>/".indexOf(html.charAt(pos)) < 0) {
          pos++;
        }
        String name = html.substring(nameStart, pos).toLowerCase(Locale.ROOT);
        skipWhitespace();
        String value = "";
        if (pos < html.length() && html.charAt(pos) == '=') {
          pos++;
          skipWhitespace();
          value = value();
        }
        attributes.putIfAbsent(name, CharacterReferences.decode(value)); // the first of duplicates wins
      }
      return attributes;
    }

    private String value() {
      if (pos >= html.length()) {
        return "";
      }
      char quote = html.charAt(pos);
      if (quote == '"' || quote == '\'') {
        int end = html.indexOf(quote, pos + 1);
        int stop = end < 0 ? html.length() : end;
        String value = html.substring(pos + 1, stop);
        pos = end < 0 ? html.length() : end + 1;
        return value;
      }
      int start = pos;
      while (pos < html.length() && !Character.isWhitespace(html.charAt(pos)) && html.charAt(pos) != '>') {
        pos++;
      }
      return html.substring(start, pos);
    }

    private void skipWhitespace() {
      while (pos < html.length() && Character.isWhitespace(html.charAt(pos))) {
        pos++;
      }
    }

    private void closeAnchor() {
      if (openAnchor != null) {
        anchors.add(new Anchor(openAnchor, CharacterReferences.decode(anchorText.toString()).strip()));
        openAnchor = null;
        anchorText.setLength(0);
      }
    }

    private int skipPast(String end, int from) {
      int at = html.indexOf(end, from);
      return at < 0 ? html.length() : at + end.length();
    }

    /** Skips a raw-text element's body and its end tag. */
    private int skipPastIgnoringCase(String endTag, int from) {
      for (int i = from; i + endTag.length() <= html.length(); i++) {
        if (html.regionMatches(true, i, endTag, 0, endTag.length())) {
          return skipPast(">", i + endTag.length());
        }
      }
      return html.length();
    }
  }
}
