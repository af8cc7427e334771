package dev.gatehouse.config;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of a number of bytes: a whole number, optionally followed by a unit. Decimal units are
 * powers of 1000 and binary units powers of 1024, as IEC 80000-13 defines them: {@code KB} = 1000,
 * {@code KiB} = 1024, {@code MB} = 1000², {@code MiB} = 1024², and so on up to {@code TB} and {@code TiB}.
 * Units are matched without regard to case; a space may separate number and unit.
 */
final class SizeSyntax {
  static final String EXPECTED = "expected a size such as 1048576, 512KB, 16MiB or 1GiB";

  // Thirty digits are far more than any size a long holds, and few enough to parse in no time.
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,30}) ?([A-Za-z]*)");
  private static final BigInteger THOUSAND = BigInteger.valueOf(1000);
  private static final BigInteger KIBI = BigInteger.valueOf(1024);
  private static final Map<String, BigInteger> UNITS = Map.of(
      "", BigInteger.ONE,
      "b", BigInteger.ONE,
      "kb", THOUSAND,
      "mb", THOUSAND.pow(2),
      "gb", THOUSAND.pow(3),
      "tb", THOUSAND.pow(4),
      "kib", KIBI,
      "mib", KIBI.pow(2),
      "gib", KIBI.pow(3),
      "tib", KIBI.pow(4));

  private SizeSyntax() {}

  /** The number of bytes {@code text} stands for, unbounded: the caller checks the range. */
  static BigInteger parse(String text) throws InvalidValue {
    Matcher matcher = SIZE.matcher(text);
    if (!matcher.matches()) {
      throw new InvalidValue(EXPECTED);
    }
    BigInteger unit = UNITS.get(matcher.group(2).toLowerCase(Locale.ROOT));
    if (unit == null) {
      throw new InvalidValue(EXPECTED);
    }
    return new BigInteger(matcher.group(1)).multiply(unit);
  }

  /** {@code bytes} in the largest binary unit that divides it, as the error messages show bounds. */
  static String format(long bytes) {
    String[] units = {"TiB", "GiB", "MiB", "KiB"};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << (10 * (units.length - i));
      if (bytes >= unit && bytes % unit == 0) {
        return bytes / unit + units[i];
      }
    }
    return Long.toString(bytes);
  }
}
