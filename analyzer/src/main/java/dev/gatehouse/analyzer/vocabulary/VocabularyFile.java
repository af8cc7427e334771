package dev.gatehouse.analyzer.vocabulary;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One line of a vocabulary data file: its kind, the pattern and, for hosts, the label after it. */
record VocabularyFile(String kind, String pattern, String label) {

  /** The entries of a resource beside this class; a missing or broken file is a build error, not data. */
  static List<VocabularyFile> read(String resource) {
    InputStream in = VocabularyFile.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("analyzer vocabulary missing from the jar: " + resource);
    }
    List<VocabularyFile> entries = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int space = line.indexOf(' ');
        if (space < 0) {
          throw new IllegalStateException(resource + ": a line needs a kind and a pattern: " + line);
        }
        String kind = line.substring(0, space);
        String rest = line.substring(space + 1).strip();
        // Host files carry a label after the host; path files keep spaces inside names ("login data").
        if (kind.equals("domain")) {
          int labelAt = rest.indexOf(' ');
          entries.add(new VocabularyFile(kind, rest.substring(0, labelAt).toLowerCase(Locale.ROOT),
              rest.substring(labelAt + 1).strip()));
        } else {
          entries.add(new VocabularyFile(kind, rest.toLowerCase(Locale.ROOT), ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
    return List.copyOf(entries);
  }
}
