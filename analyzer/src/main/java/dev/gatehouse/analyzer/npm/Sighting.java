package dev.gatehouse.analyzer.npm;

import static java.util.Objects.requireNonNull;

/**
 * One place where code was seen doing something notable: the file inside the package (as npm installs
 * it, without the tarball's top folder), the line, and the code there.
 */
record Sighting(Signal signal, String file, int line, String excerpt) {
  Sighting {
    requireNonNull(signal, "signal");
    requireNonNull(file, "file");
    requireNonNull(excerpt, "excerpt");
  }

  /** {@code install.js line 12}, or {@code package.json scripts.postinstall} when line is 0. */
  String where() {
    return line > 0 ? file + " line " + line : file;
  }
}
