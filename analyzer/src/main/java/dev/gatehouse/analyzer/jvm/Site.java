package dev.gatehouse.analyzer.jvm;

import static java.util.Objects.requireNonNull;

/**
 * Where in one method a {@link Fact} was seen.
 *
 * @param line the source line, or 0 when the class has no line numbers
 * @param excerpt the instruction a reviewer can look for, such as {@code java/lang/Runtime.exec}
 */
record Site(Fact fact, int line, String excerpt) {
  Site {
    requireNonNull(fact, "fact");
    requireNonNull(excerpt, "excerpt");
  }
}
