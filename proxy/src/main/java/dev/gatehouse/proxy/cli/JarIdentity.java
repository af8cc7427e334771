package dev.gatehouse.proxy.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a JVM archive says about its own Maven coordinates: the {@code pom.properties} Maven's archiver
 * writes under {@code META-INF/maven/GROUP/ARTIFACT/}, and the manifest's {@code Implementation-*},
 * {@code Bundle-*} and {@code Automatic-Module-Name} attributes. Only small entries of the archive itself
 * are read (not of jars nested in it), so a broken or hostile jar costs nothing here; its analysis
 * reports the damage.
 */
record JarIdentity(List<Properties> poms, Attributes manifest) {
  /** pom.properties and manifests are a few hundred bytes; anything longer is not one. */
  private static final int MAX_ENTRY_BYTES = 64 * 1024;
  /** Shaded jars carry one pom.properties per shaded library; more than this is not worth reading. */
  private static final int MAX_POMS = 64;
  private static final Pattern POM_PROPERTIES = Pattern.compile("META-INF/maven/[^/]+/[^/]+/pom\\.properties");
  /** A groupId or artifactId as Maven Central accepts them. */
  private static final Pattern MAVEN_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

  /** Coordinates for the policy: {@code group:artifact} and a version. */
  record Coordinates(String name, String version) {}

  static JarIdentity read(Path jar) throws IOException {
    List<Properties> poms = new ArrayList<>();
    Attributes manifest = new Attributes();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements() && poms.size() < MAX_POMS) {
        ZipEntry entry = entries.nextElement();
        if (POM_PROPERTIES.matcher(entry.getName()).matches()) {
          Properties p = new Properties();
          p.load(new StringReader(new String(head(zip, entry), StandardCharsets.UTF_8)));
          poms.add(p);
        } else if (entry.getName().equals("META-INF/MANIFEST.MF")) {
          manifest = new Manifest(new ByteArrayInputStream(head(zip, entry))).getMainAttributes();
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // A jar Java cannot open names nothing; the analysis reports why it is unreadable.
    }
    return new JarIdentity(List.copyOf(poms), manifest);
  }

  private static byte[] head(ZipFile zip, ZipEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readNBytes(MAX_ENTRY_BYTES);
    }
  }

  /**
   * The coordinates of the jar whose file name without extension is {@code stem}: the pom.properties
   * that names this file ({@code artifact-version[-classifier]} or {@code artifact}), or the only one
   * there is; else the
   * manifest's group ({@code Implementation-Vendor-Id}, else {@code Bundle-SymbolicName} or {@code
   * Automatic-Module-Name}, without its last part when that name is also the artifact's) with the
   * artifact the file name gives and the manifest's version.
   */
  Optional<Coordinates> coordinates(String stem) {
    List<Coordinates> declared = new ArrayList<>();
    for (Properties p : poms) {
      String group = p.getProperty("groupId", "").strip();
      String artifact = p.getProperty("artifactId", "").strip();
      String version = p.getProperty("version", "").strip();
      if (MAVEN_ID.matcher(group).matches() && MAVEN_ID.matcher(artifact).matches() && !version.isBlank()) {
        Coordinates c = new Coordinates(group + ":" + artifact, version);
        String own = artifact + "-" + version;
        if (stem.equals(own) || stem.startsWith(own + "-") || stem.equals(artifact)) {
          return Optional.of(c);
        }
        declared.add(c);
      }
    }
    if (declared.size() == 1) {
      return Optional.of(declared.get(0));
    }
    return fromManifest(stem);
  }

  private Optional<Coordinates> fromManifest(String stem) {
    String version = first("Implementation-Version", "Bundle-Version");
    String group = first("Implementation-Vendor-Id");
    if (!MAVEN_ID.matcher(group).matches()) {
      // "com.example.lib;singleton:=true": the symbolic name is the part before the directives.
      group = first("Bundle-SymbolicName", "Automatic-Module-Name").split(";", 2)[0].strip();
    }
    if (!MAVEN_ID.matcher(group).matches() || version.isBlank()) {
      return Optional.empty();
    }
    String artifact = stem.endsWith("-" + version) ? stem.substring(0, stem.length() - version.length() - 1) : stem;
    // Eclipse and OSGi projects name the artifact after the bundle (org.eclipse.sisu.inject) and the group
    // after the bundle's parent namespace (org.eclipse.sisu).
    int lastDot = group.lastIndexOf('.');
    if (group.equals(artifact) && lastDot > 0 && group.indexOf('.') < lastDot) {
      group = group.substring(0, lastDot);
    }
    return MAVEN_ID.matcher(artifact).matches()
        ? Optional.of(new Coordinates(group + ":" + artifact, version))
        : Optional.empty();
  }

  private String first(String... attributes) {
    for (String name : attributes) {
      String value = manifest.getValue(name);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return "";
  }
}
