package dev.gatehouse.analyzer.jvm;

import java.util.Locale;
import java.util.Set;

/**
 * The files where developers and CI runners keep secrets: SSH keys, cloud and registry credentials.
 * A string constant that names one is evidence only when it looks like a path (no spaces: messages and
 * documentation that mention {@code ~/.ssh} are prose), and only counts as a credential read when file
 * APIs and the home folder are used with it.
 */
final class CredentialPaths {
  /** Folders whose every file is a secret. */
  private static final Set<String> FOLDERS = Set.of(".ssh", ".aws", ".gnupg", ".kube", ".azure", ".password-store");
  /** Files that are secrets wherever they sit. */
  private static final Set<String> FILES = Set.of(
      ".npmrc", ".netrc", "_netrc", ".git-credentials", ".pypirc", ".vault-token", "id_rsa", "id_dsa",
      "id_ecdsa", "id_ed25519", "application_default_credentials.json");

  private CredentialPaths() {}

  /** True when {@code text} is a path naming a credential location. */
  static boolean names(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return false;
      }
    }
    String[] segments = text.replace('\\', '/').toLowerCase(Locale.ROOT).split("/");
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      String next = i + 1 < segments.length ? segments[i + 1] : "";
      if (FOLDERS.contains(segment) || FILES.contains(segment)
          || (segment.equals(".docker") && next.equals("config.json"))
          || (segment.equals(".m2") && (next.equals("settings.xml") || next.equals("settings-security.xml")))
          || (segment.equals(".gradle") && next.equals("gradle.properties"))
          || (segment.equals(".config") && next.equals("gcloud"))) {
        return true;
      }
    }
    return false;
  }
}
