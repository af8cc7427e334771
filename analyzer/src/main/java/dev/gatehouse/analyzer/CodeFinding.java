package dev.gatehouse.analyzer;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Code that runs without the application calling it ({@link #trigger()}) and what that code can do
 * ({@link #capabilities()}, sorted, without duplicates; empty when it does nothing notable).
 */
public record CodeFinding(
    Trigger trigger, List<Capability> capabilities, Severity severity, String summary, Evidence evidence)
    implements Finding {

  public CodeFinding {
    requireNonNull(trigger, "trigger");
    requireNonNull(severity, "severity");
    requireNonNull(summary, "summary");
    requireNonNull(evidence, "evidence");
    capabilities = sorted(capabilities);
  }

  public CodeFinding(
      Trigger trigger, Collection<Capability> capabilities, Severity severity, String summary, Evidence evidence) {
    this(trigger, sorted(capabilities), severity, summary, evidence);
  }

  public boolean has(Capability capability) {
    return capabilities.contains(capability);
  }

  @Override
  public String fingerprint() {
    return "code:" + trigger.key() + ":"
        + capabilities.stream().map(Capability::key).collect(Collectors.joining(","))
        + ":" + evidence.path() + ":" + evidence.location();
  }

  private static List<Capability> sorted(Collection<Capability> capabilities) {
    requireNonNull(capabilities, "capabilities");
    return capabilities.isEmpty()
        ? List.of()
        : List.copyOf(EnumSet.copyOf(capabilities)); // EnumSet: declaration order, no duplicates
  }
}
