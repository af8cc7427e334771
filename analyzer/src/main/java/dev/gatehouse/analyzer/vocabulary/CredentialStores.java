package dev.gatehouse.analyzer.vocabulary;

import java.util.List;
import java.util.Optional;

/**
 * Where developers and CI runners keep secrets: SSH and GPG keys, registry and build-tool credentials
 * (npm, pip, Maven, Gradle, Cargo), code-host tokens, cloud and Kubernetes configuration, the keys of
 * AI coding agents, wallets, chat-app tokens and browser profiles. One list, read from {@code
 * credential-stores.txt}, for the JVM, npm and Python analyzers.
 *
 * <p>Naming a store is not reading it; each analyzer counts a store only where its code opens, lists or
 * copies a file with the name.
 */
public final class CredentialStores {
  private static final List<VocabularyFile> ENTRIES = VocabularyFile.read("credential-stores.txt");
  private static final java.util.Set<String> WORDS = PathSegments.wordsOf(ENTRIES);

  private CredentialStores() {}

  /**
   * The store that {@code literal} names, such as {@code .ssh} in {@code "~/.ssh/id_rsa"}, or empty.
   * Dot-folders and key files count even alone ({@code os.path.join(home, ".aws")}); chat-app folders
   * only inside a literal that is a path; browser files only together with a browser's folder.
   */
  public static Optional<String> named(String literal) {
    if (literal.length() > PathSegments.MAX_LENGTH || literal.indexOf('\n') >= 0) {
      return Optional.empty();
    }
    PathSegments path = PathSegments.of(literal);
    if (!path.anyIn(WORDS)) {
      return Optional.empty(); // every entry matches whole segments, so one of its words must be there
    }
    for (VocabularyFile e : ENTRIES) {
      if (e.kind().equals("anywhere") && path.contains(e.pattern())) {
        return Optional.of(e.pattern());
      }
    }
    if (!path.isPath()) {
      return Optional.empty();
    }
    for (VocabularyFile e : ENTRIES) {
      if (e.kind().equals("in-path") && path.contains(e.pattern())) {
        return Optional.of(e.pattern());
      }
    }
    boolean browser = ENTRIES.stream().anyMatch(e -> e.kind().equals("browser") && path.contains(e.pattern()));
    if (!browser) {
      return Optional.empty();
    }
    return ENTRIES.stream()
        .filter(e -> e.kind().equals("browser-file") && path.contains(e.pattern()))
        .map(VocabularyFile::pattern)
        .findFirst();
  }

  /** True when {@code literal} is a path without spaces that names a store: prose mentioning one is not. */
  public static boolean namedByPath(String literal) {
    for (int i = 0; i < literal.length(); i++) {
      if (Character.isWhitespace(literal.charAt(i))) {
        return false;
      }
    }
    return named(literal).isPresent();
  }
}
