package dev.gatehouse.analyzer.archive;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an entry too large to read for analysis is: a native executable or data, which no analyzer could
 * read anyway, or something an analyzer reads as code. npm platform packages (biome, turbo, bun) ship a
 * single executable of tens of MiB; an over-limit {@code .js} or {@code .py} is code nobody looked at.
 */
final class OversizedEntry {
  /** Extensions of files that some analyzer reads as code or as a manifest that decides what code runs. */
  private static final Set<String> CODE = Set.of(
      "js", "cjs", "mjs", "jsx", "ts", "cts", "mts", "tsx", "json", "gyp", "gypi", "sh", "bash", "zsh", "ps1",
      "bat", "cmd", "py", "pyw", "pth", "toml", "cfg", "txt", "class", "mf", "xml", "properties", "factories",
      "imports", "jar", "war", "ear", "zip", "whl", "tgz", "gz", "tar", "bz2", "xz");

  private OversizedEntry() {}

  /**
   * The format of an over-limit entry named {@code name} whose content starts with {@code head}, when it
   * is a native executable or data ("ELF executable", "data file (.bin)"); empty when it must be read as
   * code. A code extension wins over the content: an ELF header on {@code index.js} is not a reason to
   * skip it.
   */
  static Optional<String> binaryFormat(String name, byte[] head) {
    String file = name.substring(name.lastIndexOf('/') + 1);
    int dot = file.lastIndexOf('.');
    String extension = dot <= 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (CODE.contains(extension) || name.startsWith("META-INF/") || name.contains("/META-INF/")) {
      return Optional.empty();
    }
    Optional<String> nativeFormat = nativeFormat(head);
    if (nativeFormat.isPresent()) {
      return nativeFormat;
    }
    // No extension and no native header: a script without a name suffix (bin/cli) is code.
    return extension.isEmpty() ? Optional.empty() : Optional.of("data file (." + extension + ")");
  }

  private static Optional<String> nativeFormat(byte[] h) {
    if (h.length < 4) {
      return Optional.empty();
    }
    int m = (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff);
    if (m == 0x7f454c46) {
      return Optional.of("ELF executable");
    }
    if (m == 0xfeedface || m == 0xfeedfacf || m == 0xcefaedfe || m == 0xcffaedfe) {
      return Optional.of("Mach-O executable");
    }
    // 0xCAFEBABE is also a class file; only a name without .class (checked above) reaches here, and a
    // fat Mach-O has a small architecture count where a class file has its version.
    if (m == 0xcafebabe && h.length >= 8 && (h[4] | h[5] | h[6]) == 0 && (h[7] & 0xff) < 32) {
      return Optional.of("Mach-O universal executable");
    }
    if (h[0] == 'M' && h[1] == 'Z') {
      return Optional.of("PE (Windows) executable");
    }
    if (m == 0x0061736d) {
      return Optional.of("WebAssembly module");
    }
    return Optional.empty();
  }
}
