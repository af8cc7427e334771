package dev.gatehouse.analyzer.python;

import static java.util.Objects.requireNonNull;

/**
 * A reference from one scope to code that may live elsewhere in the artifact: a call of a qualified
 * name ({@code mypkg.util.fetch}), an imported module, or a file of the artifact run with {@code exec}.
 *
 * @param target the qualified name, module name or artifact path it refers to
 * @param path the file the reference is in
 * @param line the line of the reference
 * @param excerpt the source line, trimmed
 */
record CallSite(String target, String path, int line, String excerpt) {
  CallSite {
    requireNonNull(target, "target");
    requireNonNull(path, "path");
    requireNonNull(excerpt, "excerpt");
  }
}
