package dev.gatehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One key of the merged configuration tree, read as the type its key needs. It knows the path an operator
 * writes ({@code upstreams.maven[0].url}) and where the value came from, so that every problem becomes a
 * {@link ConfigException} of the form {@code source: path: what is wrong}.
 */
final class ConfigNode {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,30}");

  private final JsonNode value;
  private final String path;
  private final Provenance provenance;

  private ConfigNode(JsonNode value, String path, Provenance provenance) {
    this.value = value;
    this.path = path;
    this.provenance = provenance;
  }

  static ConfigNode root(JsonNode tree, Provenance provenance) {
    return new ConfigNode(tree, "", provenance);
  }

  /** {@code path.key}, with a key that is not a plain word quoted so that the path stays readable. */
  static String join(String path, String key) {
    String shown = PLAIN_KEY.matcher(key).matches() ? key : Quoted.of(key);
    return path.isEmpty() ? shown : path + "." + shown;
  }

  String path() {
    return path;
  }

  /** False when the key is absent or empty ({@code key:} or {@code key: ~}). */
  boolean isSet() {
    return !value.isMissingNode() && !value.isNull();
  }

  ConfigNode key(String name) {
    return new ConfigNode(value.path(name), join(path, name), provenance);
  }

  /** This value as a mapping whose keys are all {@code known}; an unknown key is an error naming the closest. */
  ConfigNode mapping(List<String> known) throws ConfigException {
    required();
    if (!value.isObject()) {
      throw problem("expected a mapping, got " + describe(value));
    }
    for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        String hint = KeySpelling.closest(name, known)
            .map(key -> "did you mean " + join(path, key) + "?")
            .orElse("known keys here: " + String.join(", ", known));
        throw key(name).problem("unknown key (" + hint + ")");
      }
    }
    return this;
  }

  List<ConfigNode> list() throws ConfigException {
    required();
    if (!value.isArray()) {
      throw problem("expected a list, got " + describe(value));
    }
    List<ConfigNode> elements = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      elements.add(new ConfigNode(value.get(i), path + "[" + i + "]", provenance));
    }
    return elements;
  }

  String text() throws ConfigException {
    required();
    if (!value.isTextual()) {
      throw problem("expected text, got " + describe(value));
    }
    return value.textValue();
  }

  /** {@code true} or {@code false}, as a YAML boolean or as text. */
  boolean bool() throws ConfigException {
    required();
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual() && (value.textValue().equals("true") || value.textValue().equals("false"))) {
      return Boolean.parseBoolean(value.textValue());
    }
    throw problem("expected true or false, got " + describe(value));
  }

  /** A whole number from {@code min} to {@code max}, written as a YAML integer or as digits in text. */
  long integer(long min, long max) throws ConfigException {
    required();
    BigInteger number;
    if (value.isIntegralNumber()) {
      number = value.bigIntegerValue();
    } else if (value.isTextual() && INTEGER.matcher(value.textValue()).matches()) {
      number = new BigInteger(value.textValue());
    } else {
      throw problem("expected an integer, got " + describe(value));
    }
    return inRange(number, min, max, Long.toString(min), Long.toString(max));
  }

  int integer(int min, int max) throws ConfigException {
    return (int) integer((long) min, (long) max);
  }

  /** A number of bytes ({@link SizeSyntax}) from {@code min} to {@code max}. */
  long size(long min, long max) throws ConfigException {
    required();
    BigInteger bytes;
    try {
      bytes = value.isIntegralNumber() ? value.bigIntegerValue() : SizeSyntax.parse(textOr(SizeSyntax.EXPECTED));
    } catch (InvalidValue e) {
      throw problem(e.getMessage() + ", got " + describe(value));
    }
    String maxShown = SizeSyntax.format(max).equals(Long.toString(max))
        ? max + " bytes" : SizeSyntax.format(max) + " (" + max + " bytes)";
    return inRange(bytes, min, max, min + " bytes", maxShown);
  }

  /** A duration ({@link DurationSyntax}) up to {@code max}; zero only when {@code zeroAllowed}. */
  Duration duration(boolean zeroAllowed, Duration max) throws ConfigException {
    required();
    Duration duration;
    try {
      duration = DurationSyntax.parse(textOr(DurationSyntax.EXPECTED));
    } catch (InvalidValue e) {
      throw problem(e.getMessage() + ", got " + describe(value));
    }
    if (duration.isNegative() || (duration.isZero() && !zeroAllowed)) {
      throw problem((zeroAllowed ? "must not be negative" : "must be positive") + ", got " + describe(value));
    }
    if (duration.compareTo(max) > 0) {
      throw problem("must be at most " + DurationSyntax.format(max) + ", got " + describe(value));
    }
    return duration;
  }

  /** An upstream base URL ({@link BaseUrl}), ending with {@code /}. */
  URI baseUrl() throws ConfigException {
    String text = text();
    try {
      return BaseUrl.parse(text);
    } catch (InvalidValue e) {
      throw problem(e.getMessage());
    }
  }

  /** A problem with this key's value, in the words of {@code what}. */
  ConfigException problem(String what) {
    String source = provenance.sourceOf(path);
    return new ConfigException(path.isEmpty() ? source + ": " + what : source + ": " + path + ": " + what);
  }

  private void required() throws ConfigException {
    if (!isSet()) {
      throw problem("missing; this key needs a value");
    }
  }

  private String textOr(String expected) throws InvalidValue {
    if (!value.isTextual()) {
      throw new InvalidValue(expected);
    }
    return value.textValue();
  }

  private long inRange(BigInteger number, long min, long max, String minShown, String maxShown)
      throws ConfigException {
    if (number.compareTo(BigInteger.valueOf(min)) < 0) {
      String bound = min == 1 ? "must be positive" : min == 0 ? "must not be negative" : "must be at least " + minShown;
      throw problem(bound + ", got " + describe(value));
    }
    if (number.compareTo(BigInteger.valueOf(max)) > 0) {
      throw problem("must be at most " + maxShown + ", got " + describe(value));
    }
    return number.longValueExact();
  }

  /** The value as a message shows it: text quoted, numbers and booleans as written, structures by kind. */
  static String describe(JsonNode value) {
    if (value.isTextual()) {
      return Quoted.of(value.textValue());
    }
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isNull() || value.isMissingNode()) {
      return "nothing";
    }
    return value.asText();
  }
}
