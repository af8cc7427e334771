package dev.gatehouse.analyzer.vocabulary;

import java.util.List;
import java.util.Optional;

/**
 * Files that make code run later when a package writes them: shell start-up files, cron and systemd
 * units, autostart entries, Python {@code .pth} and {@code sitecustomize}, git hooks, CI workflows and
 * editor or agent configuration that runs commands ({@code .vscode/tasks.json}, {@code
 * .claude/settings.json}). Read from {@code persistence-targets.txt}.
 */
public final class PersistenceTargets {
  private static final List<VocabularyFile> ENTRIES = VocabularyFile.read("persistence-targets.txt");
  private static final java.util.Set<String> WORDS = PathSegments.wordsOf(ENTRIES);

  private PersistenceTargets() {}

  /** The target that the path {@code literal} names, such as {@code .bashrc}, or empty. */
  public static Optional<String> named(String literal) {
    if (literal.length() > PathSegments.MAX_LENGTH || literal.indexOf('\n') >= 0) {
      return Optional.empty();
    }
    PathSegments path = PathSegments.of(literal);
    boolean mayMatch = path.anyIn(WORDS); // "anywhere" entries match whole segments
    for (VocabularyFile e : ENTRIES) {
      boolean hit = switch (e.kind()) {
        case "anywhere" -> mayMatch && path.contains(e.pattern());
        case "suffix" -> path.isPath() && path.last().endsWith(e.pattern());
        default -> false;
      };
      if (hit) {
        return Optional.of(e.pattern());
      }
    }
    return Optional.empty();
  }
}
