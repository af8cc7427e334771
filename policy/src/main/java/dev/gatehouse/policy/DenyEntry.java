package dev.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.TreeSet;

/**
 * One entry of the deny list: a package (or glob of packages), and the versions refused, for incidents.
 *
 * @param name the package or glob
 * @param versions the versions refused, exactly as the registry spells them; empty means every version
 * @param reason what the operator wrote about the incident; may be empty
 */
record DenyEntry(NamePattern name, List<String> versions, String reason) {
  DenyEntry {
    requireNonNull(name, "name");
    versions = List.copyOf(new TreeSet<>(versions));
    requireNonNull(reason, "reason");
  }

  boolean denies(Ecosystem ecosystem, String packageName, String version) {
    return name.ecosystem() == ecosystem
        && name.matches(packageName)
        && (versions.isEmpty() || versions.contains(version));
  }

  /** One line in the canonical form that {@link Policy#version()} digests. */
  String canonical() {
    return "deny " + name.ecosystem().key() + " " + name + " versions=" + String.join(",", versions)
        + " reason=" + Canonical.quote(reason);
  }
}
