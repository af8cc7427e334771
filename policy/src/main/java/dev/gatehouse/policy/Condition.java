package dev.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code when} of a {@link Rule}: the shape of one finding that the rule applies to. Every part that
 * is present must hold for the same finding; an empty list means "any".
 *
 * <p>A condition about code ({@link #triggers()}, {@link #capabilities()}, {@link #anyCapabilities()})
 * matches only {@link CodeFinding}s; one about {@link #archiveProblems()} matches only {@link
 * ArchiveFinding}s; one with neither (only {@link #minSeverity()}) matches findings of both kinds.
 *
 * @param triggers the finding's trigger is one of these
 * @param capabilities the finding reaches all of these
 * @param anyCapabilities the finding reaches at least one of these
 * @param minSeverity the finding is at least this severe
 * @param ecosystems the package belongs to one of these
 * @param archiveProblems the archive finding's problem is one of these
 */
public record Condition(
    List<Trigger> triggers,
    List<Capability> capabilities,
    List<Capability> anyCapabilities,
    Optional<Severity> minSeverity,
    List<Ecosystem> ecosystems,
    List<ArchiveProblem> archiveProblems) {

  public Condition {
    // Sorted and without duplicates, so that equal conditions print (and hash) equally in Policy#version.
    triggers = ordered(triggers, Trigger.class);
    capabilities = ordered(capabilities, Capability.class);
    anyCapabilities = ordered(anyCapabilities, Capability.class);
    requireNonNull(minSeverity, "minSeverity");
    ecosystems = ordered(ecosystems, Ecosystem.class);
    archiveProblems = ordered(archiveProblems, ArchiveProblem.class);
    boolean aboutCode = !triggers.isEmpty() || !capabilities.isEmpty() || !anyCapabilities.isEmpty();
    if (aboutCode && !archiveProblems.isEmpty()) {
      throw new IllegalArgumentException("a condition names archive problems or code (triggers, capabilities),"
          + " never both: no finding is both");
    }
    if (!aboutCode && archiveProblems.isEmpty() && minSeverity.isEmpty()) {
      throw new IllegalArgumentException("a condition that names no trigger, capability, archive problem or"
          + " severity would match every finding");
    }
  }

  /** Whether {@code finding}, found in a package of {@code ecosystem}, has this shape. */
  public boolean matches(Finding finding, Ecosystem ecosystem) {
    if (!ecosystems.isEmpty() && !ecosystems.contains(ecosystem)) {
      return false;
    }
    if (minSeverity.isPresent() && finding.severity().compareTo(minSeverity.get()) < 0) {
      return false;
    }
    if (finding instanceof CodeFinding code) {
      return archiveProblems.isEmpty()
          && (triggers.isEmpty() || triggers.contains(code.trigger()))
          && code.capabilities().containsAll(capabilities)
          && (anyCapabilities.isEmpty() || anyCapabilities.stream().anyMatch(code::has));
    }
    ArchiveFinding archive = (ArchiveFinding) finding;
    return triggers.isEmpty() && capabilities.isEmpty() && anyCapabilities.isEmpty()
        && (archiveProblems.isEmpty() || archiveProblems.contains(archive.problem()));
  }

  /** One line in the canonical form that {@link Policy#version()} digests. */
  String canonical() {
    return "triggers=" + keys(triggers, Trigger::key)
        + " capabilities=" + keys(capabilities, Capability::key)
        + " any-capabilities=" + keys(anyCapabilities, Capability::key)
        + " min-severity=" + minSeverity.map(Severity::key).orElse("")
        + " ecosystems=" + keys(ecosystems, Ecosystem::key)
        + " archive-problems=" + keys(archiveProblems, ArchiveProblem::key);
  }

  private static <E extends Enum<E>> List<E> ordered(Collection<E> values, Class<E> type) {
    requireNonNull(values, type.getSimpleName());
    EnumSet<E> set = EnumSet.noneOf(type);
    set.addAll(values);
    return List.copyOf(set);
  }

  private static <E> String keys(List<E> values, Function<E, String> key) {
    return values.stream().map(key).collect(Collectors.joining(","));
  }
}
