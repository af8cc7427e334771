package dev.gatehouse.proxy.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A moment given on the command line: an ISO-8601 instant, or an amount of time ({@code 7d}, {@code 12h}, {@code 30m}). */
final class When {
  private static final Pattern AMOUNT = Pattern.compile("(\\d{1,6})([dhm])");

  private When() {}

  /**
   * The instant {@code text} names: itself when it is an instant, else {@code now} plus ({@code sign} 1) or minus
   * ({@code sign} -1) the amount.
   *
   * @throws IllegalArgumentException naming {@code option} when it is neither
   */
  static Instant parse(String option, String text, Instant now, int sign) {
    Matcher amount = AMOUNT.matcher(text.strip());
    if (amount.matches()) {
      long n = Long.parseLong(amount.group(1));
      Duration d = switch (amount.group(2)) {
        case "d" -> Duration.ofDays(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofMinutes(n);
      };
      return sign > 0 ? now.plus(d) : now.minus(d);
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " takes an ISO instant such as 2026-01-31T12:00:00Z or an amount "
          + "such as 7d, 12h or 30m, was \"" + text + "\"");
    }
  }
}
