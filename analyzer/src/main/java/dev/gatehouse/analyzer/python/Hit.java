package dev.gatehouse.analyzer.python;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.Capability;
import java.util.Comparator;

/**
 * One place where code shows a capability.
 *
 * @param capability what the code can do
 * @param path the file inside the artifact
 * @param line the 1-based line in that file (for code decoded from a literal, the line of the literal)
 * @param what a few words naming the evidence: {@code subprocess.Popen}, {@code exec of base64.b64decode(...)}
 * @param excerpt the source line, trimmed
 * @param telling whether this one place is the shape of an attack whatever else the code does: an
 *     out-of-band host, a command that downloads, fetched or decoded data run as code, a write to a file
 *     that runs code later, PyArmor's runtime. A trigger whose code reaches one is HIGH at least.
 */
record Hit(Capability capability, String path, int line, String what, String excerpt, boolean telling) {
  /** Source order within a file, so that "the first hit" means the same thing on every run. */
  static final Comparator<Hit> ORDER = Comparator.comparing(Hit::path).thenComparingInt(Hit::line)
      .thenComparing(Hit::capability).thenComparing(Hit::what);

  Hit {
    requireNonNull(capability, "capability");
    requireNonNull(path, "path");
    requireNonNull(what, "what");
    requireNonNull(excerpt, "excerpt");
  }

  Hit(Capability capability, String path, int line, String what, String excerpt) {
    this(capability, path, line, what, excerpt, false);
  }

  String where() {
    return path + ":" + line;
  }
}
