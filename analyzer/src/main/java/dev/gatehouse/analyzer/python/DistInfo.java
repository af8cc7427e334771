package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wheel's {@code .dist-info} folder and whether it agrees with itself. The analyzer sees only the
 * wheel's bytes, not its file name, so it checks what the bytes say against each other: exactly one
 * {@code {name}-{version}.dist-info} folder at the root, whose name and version match {@code METADATA}'s
 * {@code Name} and {@code Version} after PEP 503 name normalization and PEP 440 version normalization;
 * a {@code WHEEL} file with a {@code Wheel-Version}; and {@code .data} folders that belong to it.
 *
 * @param folder the {@code .dist-info} folder, without a trailing slash
 * @param stem the folder name without {@code .dist-info}: the {@code .data} folder's name before {@code .data}
 */
record DistInfo(String folder, String stem) {
  /** Versions longer than this are compared as text: the PEP 440 pattern is for real version strings. */
  private static final int MAX_VERSION_CHARS = 128;
  private static final Pattern PEP440 = Pattern.compile(
      "v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
          + "(?:[-_.]?(alpha|beta|preview|pre|a|b|c|rc)[-_.]?(\\d*))?"
          + "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d*))?"
          + "(?:[-_.]?(dev)[-_.]?(\\d*))?"
          + "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?");

  String path(String file) {
    return folder + "/" + file;
  }

  /**
   * Finds the one {@code .dist-info} folder among {@code paths} and checks it against {@code texts}
   * (its METADATA and WHEEL). Problems go to {@code findings}; empty when there is no usable folder.
   */
  static Optional<DistInfo> check(Set<String> paths, Map<String, String> texts, List<ArchiveFinding> findings) {
    Set<String> folders = new TreeSet<>();
    Set<String> dataFolders = new TreeSet<>();
    for (String p : paths) {
      int slash = p.indexOf('/');
      String top = slash < 0 ? "" : p.substring(0, slash);
      if (top.endsWith(".dist-info")) {
        folders.add(top);
      } else if (top.endsWith(".data")) {
        dataFolders.add(top);
      }
    }
    if (folders.isEmpty()) {
      findings.add(ArchiveFinding.of(ArchiveProblem.METADATA_MISMATCH, "",
          "wheel has no .dist-info folder, so nothing says what it is"));
      return Optional.empty();
    }
    if (folders.size() > 1) {
      findings.add(ArchiveFinding.of(ArchiveProblem.METADATA_MISMATCH, "",
          "wheel has %d .dist-info folders (%s); it must have one".formatted(folders.size(), String.join(", ", folders))));
      return Optional.empty();
    }
    String folder = folders.iterator().next();
    String stem = folder.substring(0, folder.length() - ".dist-info".length());
    DistInfo info = new DistInfo(folder, stem);
    int dash = stem.indexOf('-');
    String metadata = texts.get(info.path("METADATA"));
    if (metadata == null) {
      findings.add(ArchiveFinding.of(ArchiveProblem.METADATA_MISMATCH, info.path("METADATA"),
          "wheel has no METADATA in " + folder));
    } else if (dash <= 0) {
      findings.add(ArchiveFinding.of(ArchiveProblem.METADATA_MISMATCH, folder,
          folder + " is not named {name}-{version}.dist-info"));
    } else {
      String name = header(metadata, "Name");
      String version = header(metadata, "Version");
      String folderName = stem.substring(0, dash);
      String folderVersion = stem.substring(dash + 1);
      if (name == null || !normalizeName(name).equals(normalizeName(folderName))) {
        findings.add(ArchiveFinding.of(ArchiveProblem.METADATA_MISMATCH, info.path("METADATA"),
            "%s names the distribution %s but METADATA says %s".formatted(folder, folderName, name)));
      }
      if (version == null || !canonicalVersion(version).equals(canonicalVersion(folderVersion))) {
        findings.add(ArchiveFinding.of(ArchiveProblem.METADATA_MISMATCH, info.path("METADATA"),
            "%s has version %s but METADATA says %s".formatted(folder, folderVersion, version)));
      }
    }
    String wheel = texts.get(info.path("WHEEL"));
    if (wheel == null || header(wheel, "Wheel-Version") == null) {
      findings.add(ArchiveFinding.of(ArchiveProblem.METADATA_MISMATCH, info.path("WHEEL"),
          folder + " has no WHEEL file with a Wheel-Version"));
    }
    for (String data : dataFolders) {
      if (!data.equals(stem + ".data")) {
        String summary = "%s does not belong to %s; installers treat it as ordinary files".formatted(data, folder);
        findings.add(new ArchiveFinding(ArchiveProblem.METADATA_MISMATCH, Severity.MEDIUM, summary,
            new Evidence(data, "", summary)));
      }
    }
    return Optional.of(info);
  }

  /** The value of the first {@code key:} header of an RFC 822-style file (METADATA, WHEEL, PKG-INFO). */
  static String header(String text, String key) {
    String prefix = key.toLowerCase(Locale.ROOT) + ":";
    for (String line : text.split("\r?\n|\r")) {
      if (line.isEmpty()) {
        break; // the body starts: no more headers
      }
      if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
        return line.substring(prefix.length()).strip();
      }
    }
    return null;
  }

  /** PEP 503: lower case, runs of {@code -_.} as one {@code -}. */
  static String normalizeName(String name) {
    StringBuilder out = new StringBuilder();
    boolean separator = false;
    for (char c : name.strip().toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '-' || c == '_' || c == '.') {
        separator = true;
      } else {
        if (separator && out.length() > 0) {
          out.append('-');
        }
        separator = false;
        out.append(c);
      }
    }
    return out.toString();
  }

  /** PEP 440 normal form, without trailing {@code .0} release parts, as {@code packaging} compares them. */
  static String canonicalVersion(String version) {
    String v = version.strip().toLowerCase(Locale.ROOT);
    if (v.length() > MAX_VERSION_CHARS) {
      return v;
    }
    Matcher m = PEP440.matcher(v);
    if (!m.matches()) {
      return v.replace('_', '-');
    }
    StringBuilder out = new StringBuilder();
    if (m.group(1) != null && !m.group(1).equals("0")) {
      out.append(Long.parseLong(m.group(1))).append('!');
    }
    List<String> release = new ArrayList<>();
    for (String part : m.group(2).split("\\.")) {
      release.add(part.replaceFirst("^0+(?=\\d)", ""));
    }
    while (release.size() > 1 && release.get(release.size() - 1).equals("0")) {
      release.remove(release.size() - 1);
    }
    out.append(String.join(".", release));
    if (m.group(3) != null) {
      String pre = switch (m.group(3)) {
        case "alpha", "a" -> "a";
        case "beta", "b" -> "b";
        default -> "rc";
      };
      out.append(pre).append(number(m.group(4)));
    }
    if (m.group(5) != null) {
      out.append(".post").append(number(m.group(5)));
    } else if (m.group(6) != null) {
      out.append(".post").append(number(m.group(7)));
    }
    if (m.group(8) != null) {
      out.append(".dev").append(number(m.group(9)));
    }
    if (m.group(10) != null) {
      out.append('+').append(m.group(10).replace('-', '.').replace('_', '.'));
    }
    return out.toString();
  }

  private static String number(String digits) {
    return digits == null || digits.isEmpty() ? "0" : digits.replaceFirst("^0+(?=\\d)", "");
  }
}
