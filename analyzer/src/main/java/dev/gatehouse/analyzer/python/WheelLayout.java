package dev.gatehouse.analyzer.python;

import java.util.Locale;
import java.util.Set;

/**
 * Where a wheel's files land when it is installed (PEP 427): the root and {@code *.data/purelib|platlib}
 * go to site-packages; {@code *.data/scripts} to the environment's {@code bin}; {@code *.data/headers}
 * to its include folder; {@code *.data/data} under its prefix, which holds site-packages too ({@code
 * lib/python3.X/site-packages}), so a data file can land there as well.
 */
final class WheelLayout {
  static final Set<String> SCHEMES = Set.of("purelib", "platlib", "scripts", "data", "headers");

  private WheelLayout() {}

  /** The {@code *.data} scheme of {@code path} ({@code scripts}), or null for files outside {@code *.data}. */
  static String scheme(String path) {
    int slash = path.indexOf('/');
    if (slash < 0 || !path.substring(0, slash).endsWith(".data")) {
      return null;
    }
    int next = path.indexOf('/', slash + 1);
    return next < 0 ? "" : path.substring(slash + 1, next);
  }

  /** The path inside the {@code *.data/<scheme>/} folder, or null. */
  static String inScheme(String path) {
    int slash = path.indexOf('/');
    int next = slash < 0 ? -1 : path.indexOf('/', slash + 1);
    return next < 0 ? null : path.substring(next + 1);
  }

  /** Where {@code path} lands relative to site-packages, or null when it lands elsewhere. */
  static String inSitePackages(String path) {
    int slash = path.indexOf('/');
    String top = slash < 0 ? path : path.substring(0, slash);
    if (top.endsWith(".dist-info")) {
      return null;
    }
    if (!top.endsWith(".data") || slash < 0) {
      return path;
    }
    String scheme = scheme(path);
    String rest = inScheme(path);
    if (rest == null) {
      return null;
    }
    if (scheme.equals("purelib") || scheme.equals("platlib")) {
      return rest;
    }
    if (scheme.equals("data")) {
      String lower = rest.toLowerCase(Locale.ROOT);
      int site = lower.indexOf("site-packages/");
      if (site >= 0 && (lower.startsWith("lib/") || lower.startsWith("lib64/"))) {
        return rest.substring(site + "site-packages/".length());
      }
    }
    return null;
  }

  /** The dotted module name of a {@code .py} path relative to site-packages; {@code a/__init__.py} is {@code a}. */
  static String moduleName(String sitePath) {
    String stem = sitePath.substring(0, sitePath.length() - ".py".length());
    if (stem.endsWith("/__init__")) {
      stem = stem.substring(0, stem.length() - "/__init__".length());
    } else if (stem.equals("__init__")) {
      return "";
    }
    return stem.replace('/', '.');
  }

  /** For a compiled module ({@code a/b.cpython-311-x86_64-linux-gnu.so}, {@code b.pyd}, {@code b.pyc}), its name. */
  static String compiledModuleName(String sitePath) {
    if (sitePath.contains("__pycache__/")) {
      return null; // bytecode caches of .py files, which are analyzed from source
    }
    String lower = sitePath.toLowerCase(Locale.ROOT);
    if (!(lower.endsWith(".so") || lower.endsWith(".pyd") || lower.endsWith(".pyc"))) {
      return null;
    }
    int slash = sitePath.lastIndexOf('/');
    String folder = slash < 0 ? "" : sitePath.substring(0, slash + 1);
    String file = sitePath.substring(slash + 1);
    int dot = file.indexOf('.');
    String stem = dot < 0 ? file : file.substring(0, dot);
    if (stem.equals("__init__")) {
      return folder.isEmpty() ? null : folder.substring(0, folder.length() - 1).replace('/', '.');
    }
    return (folder + stem).replace('/', '.');
  }
}
