package dev.gatehouse.analyzer.npm;

import java.util.Locale;

/**
 * Paths that name where developers and CI runners keep secrets, and paths outside an installed package.
 * Both are judged segment by segment, never by substring, so that prose such as {@code "add it to your
 * .npmrc"} or a URL path is not mistaken for a file the code opens.
 */
final class CredentialPaths {
  private CredentialPaths() {}

  /** True when {@code text} is a path with a segment naming a credential file or folder. */
  static boolean mentions(String text) {
    if (text.length() > 300 || text.indexOf(' ') >= 0 || text.indexOf('\n') >= 0) {
      return false;
    }
    String[] segments = text.toLowerCase(Locale.ROOT).split("[/\\\\]");
    for (int i = 0; i < segments.length; i++) {
      String next = i + 1 < segments.length ? segments[i + 1] : "";
      switch (segments[i]) {
        case ".npmrc", ".ssh", ".aws", ".git-credentials", ".netrc", "_netrc", ".pypirc", ".gnupg",
            "id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", ".yarnrc.yml", ".terraformrc":
          return true;
        case ".docker":
          if (next.equals("config.json")) {
            return true;
          }
          break;
        case ".kube":
          if (next.equals("config")) {
            return true;
          }
          break;
        case ".config":
          if (next.equals("gh") || next.equals("gcloud")) {
            return true;
          }
          break;
        default:
          break;
      }
    }
    return false;
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
