package dev.gatehouse.analyzer.jvm;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.Trigger;
import java.util.List;

/**
 * A class that runs without the application calling it, for one {@link Trigger}, with every registration
 * that makes it run (a class may be registered under several service interfaces, say).
 */
record EntryPoint(Trigger trigger, String internalName, List<Registration> registrations) {
  EntryPoint {
    requireNonNull(trigger, "trigger");
    requireNonNull(internalName, "internalName");
    registrations = List.copyOf(registrations);
  }

  String binaryName() {
    return internalName.replace('/', '.');
  }

  /** True when {@code method} is run by one of the loaders that registered this class. */
  boolean runs(MethodModel method) {
    if (registrations.isEmpty()) {
      return EntryRole.STATIC_INITIALIZER.runs(method);
    }
    for (Registration registration : registrations) {
      if (registration.role().runs(method)) {
        return true;
      }
    }
    return false;
  }
}
