package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The files of one package whose latest stored verdict is QUARANTINE or BLOCK, for metadata filters:
 * npm and Maven hide a whole {@link #refusesVersion version}, PyPI hides single {@link #refuses files}.
 *
 * @param files sorted by version, then file
 */
public record RefusedFiles(Ecosystem ecosystem, String name, List<PackageRef> files) {
  private static final Comparator<PackageRef> ORDER =
      Comparator.comparing(PackageRef::version).thenComparing(PackageRef::file);

  public RefusedFiles {
    requireNonNull(ecosystem, "ecosystem");
    requireNonNull(name, "name");
    for (PackageRef ref : files) {
      if (ref.ecosystem() != ecosystem || !ref.name().equals(name)) {
        throw new IllegalArgumentException("%s is not a file of %s %s".formatted(ref, ecosystem.key(), name));
      }
    }
    files = files.stream().sorted(ORDER).toList();
  }

  /** The versions with at least one refused file, in string order. */
  public SortedSet<String> versions() {
    TreeSet<String> versions = new TreeSet<>();
    files.forEach(ref -> versions.add(ref.version()));
    return Collections.unmodifiableSortedSet(versions);
  }

  public boolean refusesVersion(String version) {
    return files.stream().anyMatch(ref -> ref.version().equals(version));
  }

  public boolean refuses(String version, String file) {
    return files.stream().anyMatch(ref -> ref.version().equals(version) && ref.file().equals(file));
  }

  public boolean isEmpty() {
    return files.isEmpty();
  }
}
