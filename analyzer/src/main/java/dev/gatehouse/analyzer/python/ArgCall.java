package dev.gatehouse.analyzer.python;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A call into code that may be the artifact's own, with the arguments the analysis can follow into the
 * callee's parameters: literal strings ({@code run("curl ... | sh")}) and parameters of the calling
 * function handed on unchanged ({@code def run(c): _sh(c)}). Arguments are keyed by position ({@code
 * "0"}, {@code "1"}) or by keyword.
 *
 * @param target the qualified name called, as in {@link CallSite#target()}
 * @param literals argument key to the literal text passed there
 * @param forwarded argument key to the name of the caller's own parameter passed there
 * @param path the file of the call
 * @param line the line of the call
 * @param excerpt the source line of the call
 */
record ArgCall(String target, Map<String, String> literals, Map<String, String> forwarded, String path, int line,
    String excerpt) {
  ArgCall {
    requireNonNull(target, "target");
    literals = Collections.unmodifiableMap(new TreeMap<>(literals));
    forwarded = Collections.unmodifiableMap(new TreeMap<>(forwarded));
  }

  /** The callee's parameter an argument key lands in, given the callee's parameter names; null if none. */
  static String parameter(String key, java.util.List<String> parameters) {
    if (!key.isEmpty() && Character.isDigit(key.charAt(0))) {
      int index = Integer.parseInt(key);
      return index < parameters.size() ? parameters.get(index) : null;
    }
    return parameters.contains(key) ? key : null;
  }
}
