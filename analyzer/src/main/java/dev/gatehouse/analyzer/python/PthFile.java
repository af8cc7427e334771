package dev.gatehouse.analyzer.python;

import java.util.ArrayList;
import java.util.List;

/**
 * A path configuration file ({@code *.pth}) as Python's {@code site} module reads it at every
 * interpreter start: blank lines and lines starting with {@code #} are skipped, lines starting with
 * {@code import} followed by a space or tab are executed with {@code exec}, and every other line is a
 * folder to add to {@code sys.path}.
 *
 * <p>CPython executes only lines whose very first characters are {@code import}; a line indented before
 * {@code import} is read as a (missing) folder. Gatehouse treats indented import lines as code too: no
 * real {@code .pth} file has one, and another reader of the file may strip the blanks.
 *
 * @param path the file inside the artifact
 * @param code the lines that run code, with their 1-based line numbers
 * @param paths the lines that name folders
 */
record PthFile(String path, List<Line> code, List<Line> paths) {
  /** One line of the file. */
  record Line(int number, String text) {}

  PthFile {
    code = List.copyOf(code);
    paths = List.copyOf(paths);
  }

  static PthFile parse(String path, String text) {
    List<Line> code = new ArrayList<>();
    List<Line> paths = new ArrayList<>();
    String[] lines = text.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String stripped = line.stripLeading();
      if (stripped.startsWith("import ") || stripped.startsWith("import\t")) {
        code.add(new Line(i + 1, line));
      } else {
        paths.add(new Line(i + 1, line.strip()));
      }
    }
    return new PthFile(path, code, paths);
  }

  /** True when a path line points outside site-packages: an absolute path or one climbing out with {@code ..}. */
  static boolean escapes(String pathLine) {
    String p = pathLine.replace('\\', '/');
    return p.startsWith("/") || p.startsWith("~") || (p.length() > 1 && p.charAt(1) == ':')
        || p.equals("..") || p.startsWith("../") || p.contains("/../");
  }
}
