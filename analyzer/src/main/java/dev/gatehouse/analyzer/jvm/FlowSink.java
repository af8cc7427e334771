package dev.gatehouse.analyzer.jvm;

import static java.util.Objects.requireNonNull;

/**
 * A sensitive API whose argument came from outside the method: a parameter, the result of a call into
 * the jar, or a field. It becomes {@link #fact()} when that origin carries one of the {@link #needed()}
 * taint bits in the code reached from an entry point (one level: the direct callers, the callee's return
 * value, any write of the field in the jar).
 *
 * @param params bit {@code i} set when parameter {@code i} (descriptor order) reaches the argument
 * @param fromCall the call into the jar whose result reaches the argument, or {@code null}
 * @param fromField {@code owner.name} of a field whose value reaches the argument, or {@code null}
 */
record FlowSink(Fact fact, int needed, int params, CallSite fromCall, String fromField, int line, String excerpt) {
  FlowSink {
    requireNonNull(fact, "fact");
    requireNonNull(excerpt, "excerpt");
  }
}
