package dev.gatehouse.analyzer.npm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The owner of the source repository a package manifest names in {@code repository}: {@code
 * github.com/sindresorhus} for {@code "sindresorhus/onetime"}, {@code "github:sindresorhus/onetime"}, {@code
 * {"url": "git+https://github.com/sindresorhus/onetime.git"}} or {@code git@github.com:sindresorhus/onetime.git}.
 * Empty for anything else; the field is the publisher's word and is used only to tell a maintainer's own new
 * package from a stranger's.
 */
final class RepositoryOwner {
  private static final Pattern SHORTHAND =
      Pattern.compile("^(?:(github|gitlab|bitbucket):)?([A-Za-z0-9][A-Za-z0-9_.-]*)/[A-Za-z0-9_.-]+$");
  private static final Pattern URL = Pattern.compile(
      "^(?:git\\+)?(?:[a-z+]+://)?(?:[^@/]+@)?([A-Za-z0-9.-]+\\.[A-Za-z]{2,})[:/]([A-Za-z0-9][A-Za-z0-9_.-]*)/.+$");
  private static final int MAX_LENGTH = 500;

  private RepositoryOwner() {}

  static Optional<String> of(JsonNode repository) {
    String text = repository.isTextual() ? repository.asText() : repository.path("url").asText("");
    text = text.strip();
    if (text.isEmpty() || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    Matcher shorthand = SHORTHAND.matcher(text);
    if (shorthand.matches()) {
      String host = shorthand.group(1) == null ? "github" : shorthand.group(1);
      return Optional.of((host.equals("bitbucket") ? "bitbucket.org" : host + ".com") + "/"
          + shorthand.group(2).toLowerCase(Locale.ROOT));
    }
    Matcher url = URL.matcher(text);
    if (url.matches()) {
      return Optional.of(url.group(1).toLowerCase(Locale.ROOT) + "/" + url.group(2).toLowerCase(Locale.ROOT));
    }
    return Optional.empty();
  }
}
