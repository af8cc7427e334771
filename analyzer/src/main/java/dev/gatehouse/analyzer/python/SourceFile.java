package dev.gatehouse.analyzer.python;

import static java.util.Objects.requireNonNull;

/**
 * Where a piece of Python source sits, which decides how its names and paths resolve.
 *
 * @param path the file inside the artifact ({@code mypkg/util.py}, {@code x.pth}, {@code pkg-1.0/setup.py})
 * @param module its dotted module name; empty for code that is not a module (a {@code .pth} line)
 * @param isPackage whether it is a package's {@code __init__.py}, which changes what {@code from . import} means
 * @param runsAsMain whether it runs as {@code __main__} (a setup script), so that its
 *     {@code if __name__ == "__main__":} block runs too
 */
record SourceFile(String path, String module, boolean isPackage, boolean runsAsMain) {
  SourceFile {
    requireNonNull(path, "path");
    requireNonNull(module, "module");
  }

  /** The package that relative imports start from. */
  String packageName() {
    if (isPackage) {
      return module;
    }
    int dot = module.lastIndexOf('.');
    return dot < 0 ? "" : module.substring(0, dot);
  }

  /** The folder of the file inside the artifact, with a trailing slash, or empty at the root. */
  String folder() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash + 1);
  }

  /** {@code relative} (a path built from literals in this file's code) as a normalized artifact path. */
  String resolve(String relative) {
    String joined = relative.startsWith("/") ? relative.substring(1) : folder() + relative;
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (String segment : joined.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (!parts.isEmpty()) {
          parts.removeLast();
        }
      } else {
        parts.addLast(segment);
      }
    }
    return String.join("/", parts);
  }
}
