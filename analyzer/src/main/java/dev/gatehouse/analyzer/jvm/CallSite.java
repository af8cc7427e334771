package dev.gatehouse.analyzer.jvm;

import static java.util.Objects.requireNonNull;

/**
 * A call from one method of the jar to a method that may be in the jar too.
 *
 * @param kind how the call is dispatched, which decides where {@link ReachableCalls} looks for the callee
 * @param argTaints the {@link Taint} bits of each argument, in descriptor order, or {@code null} when no
 *     argument carried any; read when the callee passes a parameter on to a sensitive API
 */
record CallSite(String owner, String name, String desc, Dispatch kind, int line, int[] argTaints) {
  enum Dispatch { STATIC, SPECIAL, VIRTUAL, INTERFACE }

  CallSite {
    requireNonNull(owner, "owner");
    requireNonNull(name, "name");
    requireNonNull(desc, "desc");
    requireNonNull(kind, "kind");
  }

  int argTaint(int index) {
    return argTaints == null || index >= argTaints.length ? 0 : argTaints[index];
  }

  String key() {
    return kind.ordinal() + owner + '.' + name + desc;
  }
}
