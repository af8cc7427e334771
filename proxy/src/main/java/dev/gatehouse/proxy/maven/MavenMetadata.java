package dev.gatehouse.proxy.maven;

import dev.gatehouse.core.metadata.ReleaseFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A {@code maven-metadata.xml} document, read with the JDK's parser hardened against XXE (no DOCTYPE at all,
 * no external entities or stylesheets, secure processing), merged across the repositories of a group, and
 * rewritten so that resolvers never pick a version Gatehouse already refuses. Not thread-safe; one per request.
 */
final class MavenMetadata {
  private static final DateTimeFormatter LAST_UPDATED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private final Document document;

  private MavenMetadata(Document document) {
    this.document = document;
  }

  /** @throws IOException when the bytes are not a well-formed metadata document */
  static MavenMetadata parse(byte[] xml) throws IOException {
    try {
      DocumentBuilder builder = factory().newDocumentBuilder();
      builder.setErrorHandler(null);
      Document doc = builder.parse(new ByteArrayInputStream(xml));
      if (!"metadata".equals(doc.getDocumentElement().getTagName())) {
        throw new IOException("the root element is <" + doc.getDocumentElement().getTagName() + ">, not <metadata>");
      }
      return new MavenMetadata(doc);
    } catch (SAXException e) {
      throw new IOException("maven-metadata.xml is not well-formed XML: " + e.getMessage(), e);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a security feature", e);
    }
  }

  Optional<String> groupId() {
    return text(document.getDocumentElement(), "groupId");
  }

  Optional<String> artifactId() {
    return text(document.getDocumentElement(), "artifactId");
  }

  /** The versions listed under {@code versioning/versions}, in document order. */
  List<String> versions() {
    List<String> out = new ArrayList<>();
    Element versions = child(versioning(), "versions");
    if (versions != null) {
      for (Element v : children(versions, "version")) {
        out.add(v.getTextContent().strip());
      }
    }
    return out;
  }

  /** Adds the versions of {@code other} that this document lacks, after its own (a repository group's union). */
  void merge(MavenMetadata other) {
    Set<String> mine = new LinkedHashSet<>(versions());
    List<String> added = other.versions().stream().filter(v -> !mine.contains(v)).toList();
    if (added.isEmpty()) {
      return;
    }
    Element versioning = versioning();
    if (versioning == null) {
      versioning = (Element) document.getDocumentElement().appendChild(document.createElement("versioning"));
    }
    Element versions = child(versioning, "versions");
    if (versions == null) {
      versions = (Element) versioning.appendChild(document.createElement("versions"));
    }
    for (String v : added) {
      Element e = document.createElement("version");
      e.setTextContent(v);
      versions.appendChild(e);
    }
    for (String tag : List.of("latest", "release")) {
      if (text(versioning, tag).isEmpty() && text(other.versioning(), tag).isPresent()) {
        Element e = document.createElement(tag);
        e.setTextContent(text(other.versioning(), tag).get());
        versioning.appendChild(e);
      }
    }
  }

  /**
   * When the document was last deployed to ({@code versioning/lastUpdated}, {@code yyyyMMddHHmmss} in UTC, as
   * Maven writes it); empty when absent or unreadable.
   */
  /** The {@code release} tag: the version Maven resolves {@code RELEASE} and unpinned plugins to. */
  Optional<String> release() {
    return text(versioning(), "release");
  }

  Optional<Instant> lastUpdated() {
    return text(versioning(), "lastUpdated").flatMap(text -> {
      try {
        return Optional.of(LocalDateTime.parse(text, LAST_UPDATED).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException unreadable) {
        return Optional.empty();
      }
    });
  }

  /**
   * The version the last deploy added, whose publish time {@link #lastUpdated} therefore is: the one {@code
   * latest} names, else the last listed (Maven lists versions oldest first).
   */
  Optional<String> newest() {
    Optional<String> latest = text(versioning(), "latest");
    if (latest.isPresent()) {
      return latest;
    }
    List<String> all = versions();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Removes the versions {@code refused} says no, and repairs {@code latest} and {@code release} when they named
   * a removed version, as {@link ReleaseFilter#newestAtOrBelow} does for every registry: a SNAPSHOT is Maven's
   * prerelease, so {@code release} never lands on one.
   *
   * @return the versions removed
   */
  List<String> removeVersions(Predicate<String> refused) {
    List<String> removed = new ArrayList<>();
    Element versioning = versioning();
    Element versions = child(versioning, "versions");
    if (versions == null) {
      return removed;
    }
    List<String> all = versions();
    for (Element v : children(versions, "version")) {
      String version = v.getTextContent().strip();
      if (refused.test(version)) {
        versions.removeChild(v);
        removed.add(version);
      }
    }
    if (removed.isEmpty()) {
      return removed;
    }
    for (String tag : List.of("latest", "release")) {
      Element e = child(versioning, tag);
      if (e == null || !removed.contains(e.getTextContent().strip())) {
        continue;
      }
      Optional<String> replacement = ReleaseFilter.newestAtOrBelow(all, e.getTextContent().strip(),
          v -> !removed.contains(v), v -> v.endsWith("-SNAPSHOT"));
      if (replacement.isEmpty()) {
        versioning.removeChild(e);
      } else {
        e.setTextContent(replacement.get());
      }
    }
    return removed;
  }

  byte[] toBytes() throws IOException {
    try {
      TransformerFactory tf = TransformerFactory.newInstance();
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer transformer = tf.newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      transformer.transform(new DOMSource(document), new StreamResult(out));
      return out.toByteArray();
    } catch (TransformerException e) {
      throw new IOException("cannot write maven-metadata.xml: " + e.getMessage(), e);
    }
  }

  private Element versioning() {
    return child(document.getDocumentElement(), "versioning");
  }

  private static DocumentBuilderFactory factory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    // OWASP XXE prevention: refusing any DOCTYPE rules out external and recursive entities at once.
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setNamespaceAware(false);
    return f;
  }

  private static Optional<String> text(Element parent, String tag) {
    Element e = child(parent, tag);
    return e == null ? Optional.empty() : Optional.of(e.getTextContent().strip()).filter(s -> !s.isEmpty());
  }

  private static Element child(Element parent, String tag) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    return null;
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(tag)) {
        out.add(e);
      }
    }
    return out;
  }
}
