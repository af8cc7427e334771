package dev.gatehouse.analyzer.jvm;

import static java.util.Objects.requireNonNull;

/** A method named by owner, name and descriptor, such as the body of a lambda. */
record MethodRef(String owner, String name, String desc, CallSite.Dispatch kind) {
  MethodRef {
    requireNonNull(owner, "owner");
    requireNonNull(name, "name");
    requireNonNull(desc, "desc");
    requireNonNull(kind, "kind");
  }
}
