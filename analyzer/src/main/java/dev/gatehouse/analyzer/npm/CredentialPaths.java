package dev.gatehouse.analyzer.npm;

import dev.gatehouse.analyzer.vocabulary.CredentialStores;
import java.util.Locale;

/**
 * Paths that name where developers and CI runners keep secrets, and paths outside an installed package.
 * Both are judged segment by segment, never by substring, so that prose such as {@code "add it to your
 * .npmrc"} or a URL path is not mistaken for a file the code opens.
 */
final class CredentialPaths {
  private CredentialPaths() {}

  /** True when {@code text} is a path naming a credential store of the one {@link CredentialStores} vocabulary. */
  static boolean mentions(String text) {
    return CredentialStores.namedByPath(text);
  }

  /**
   * True when {@code text} is a path an installed package has no business writing to: a system or
   * user folder, or three or more {@code ..} that climb from {@code node_modules/pkg/dir} into the
   * consumer's project.
   */
  static boolean outsidePackage(String text) {
    if (text.length() > 300 || text.indexOf(' ') >= 0 && !text.startsWith("C:\\Program Files")) {
      return false;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (String root : new String[] {"/etc/", "/usr/", "/bin/", "/sbin/", "/lib/", "/opt/", "/root/", "/home/",
        "/users/", "/library/", "/system/", "/var/lib/", "/var/spool/", "c:\\windows", "c:\\program files",
        "c:/windows", "c:/program files"}) {
      if (lower.startsWith(root)) {
        return true;
      }
    }
    int climbs = 0;
    for (String segment : text.split("[/\\\\]")) {
      if (segment.equals("..")) {
        climbs++;
      }
    }
    return climbs >= 3;
  }
}
