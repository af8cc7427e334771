package dev.gatehouse.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of a duration: a whole number with one of the units {@code ms}, {@code s}, {@code m},
 * {@code h} or {@code d} ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}), or ISO-8601 as
 * {@link Duration#parse} reads it ({@code PT30S}, {@code P2D}). Units are lower case because {@code m}
 * and {@code M} would otherwise be ambiguous between minutes and months.
 */
final class DurationSyntax {
  static final String EXPECTED = "expected a duration such as 250ms, 30s, 5m, 1h, 2d or PT30S";

  private static final Pattern SHORT = Pattern.compile("([0-9]{1,18}) ?(ms|s|m|h|d)");
  private static final Pattern ISO = Pattern.compile("[-+]?[Pp]");
  private static final Map<String, ChronoUnit> UNITS = Map.of(
      "ms", ChronoUnit.MILLIS,
      "s", ChronoUnit.SECONDS,
      "m", ChronoUnit.MINUTES,
      "h", ChronoUnit.HOURS,
      "d", ChronoUnit.DAYS);

  private DurationSyntax() {}

  /** The duration {@code text} stands for; it may be zero or, in ISO form, negative: the caller checks. */
  static Duration parse(String text) throws InvalidValue {
    Matcher matcher = SHORT.matcher(text);
    try {
      if (matcher.matches()) {
        return Duration.of(Long.parseLong(matcher.group(1)), UNITS.get(matcher.group(2)));
      }
      if (ISO.matcher(text).lookingAt()) {
        return Duration.parse(text);
      }
    } catch (ArithmeticException e) {
      throw new InvalidValue("too long to be a duration");
    } catch (DateTimeParseException e) {
      // Duration.parse reports overflow as a parse error caused by the arithmetic or number overflow;
      // its pattern admits only digits, so a NumberFormatException means too many of them.
      if (e.getCause() instanceof ArithmeticException || e.getCause() instanceof NumberFormatException) {
        throw new InvalidValue("too long to be a duration");
      }
      throw new InvalidValue(EXPECTED);
    }
    throw new InvalidValue(EXPECTED);
  }

  /** {@code duration} in the largest short unit that divides it, as the error messages show bounds. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (millis >= sizes[i] && millis % sizes[i] == 0) {
        return millis / sizes[i] + units[i];
      }
    }
    return millis + "ms";
  }
}
