package dev.gatehouse.core.metadata;

import java.time.Instant;

/** The {@code Warning} header of a stale metadata document: RFC 7234 §5.5.1, warn-code 110 "Response is Stale". */
public final class StaleWarning {
  private StaleWarning() {}

  /** Says how old the copy is and why it stands in; a header value of printable ASCII only. */
  public static String of(Instant fetchedAt, String why) {
    String text = "Response is Stale: copy fetched at " + fetchedAt + "; the upstream failed: " + why;
    StringBuilder quoted = new StringBuilder("110 gatehouse \"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\');
      }
      quoted.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return quoted.append('"').toString();
  }
}
