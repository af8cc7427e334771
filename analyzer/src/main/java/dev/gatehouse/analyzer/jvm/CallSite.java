package dev.gatehouse.analyzer.jvm;

import static java.util.Objects.requireNonNull;

/**
 * A call from one method of the jar to a method that may be in the jar too.
 *
 * @param kind how the call is dispatched, which decides where {@link ReachableCalls} looks for the callee
 * @param argTaints the {@link Taint} bits of each argument, in descriptor order, or {@code null} when no
 *     argument carried any; read when the callee passes a parameter on to a sensitive API
 * @param argCalls for each argument, the call into the jar whose result it is, or {@code null} throughout
 * @param argFields for each argument, the field ({@code owner.name}) it was read from, or {@code null} throughout
 */
record CallSite(String owner, String name, String desc, Dispatch kind, int line, int[] argTaints,
    CallSite[] argCalls, String[] argFields) {
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

  CallSite argCall(int index) {
    return argCalls == null || index >= argCalls.length ? null : argCalls[index];
  }

  String argField(int index) {
    return argFields == null || index >= argFields.length ? null : argFields[index];
  }

  /** True when some argument carries taint or comes from a call or a field, so callees may need it. */
  boolean carriesArguments() {
    return argTaints != null || argCalls != null || argFields != null;
  }

  String key() {
    return kind.ordinal() + owner + '.' + name + desc;
  }

  /** This call site with the argument origins of another call to the same callee added in. */
  CallSite withArguments(int[] taints, CallSite[] calls, String[] fields) {
    if (taints == null && calls == null && fields == null) {
      return this;
    }
    return new CallSite(owner, name, desc, kind, line, merge(argTaints, taints), merge(argCalls, calls),
        merge(argFields, fields));
  }

  private static int[] merge(int[] known, int[] more) {
    if (known == null || more == null) {
      return known == null ? more : known;
    }
    int[] merged = known.clone();
    for (int i = 0; i < merged.length && i < more.length; i++) {
      merged[i] |= more[i];
    }
    return merged;
  }

  private static <T> T[] merge(T[] known, T[] more) {
    if (known == null || more == null) {
      return known == null ? more : known;
    }
    T[] merged = known.clone();
    for (int i = 0; i < merged.length && i < more.length; i++) {
      merged[i] = merged[i] == null ? more[i] : merged[i];
    }
    return merged;
  }
}
