package dev.gatehouse.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The trusted list: packages allowed to run install and build hooks, in the spirit of pnpm's {@code
 * onlyBuiltDependencies} and Bun's {@code trustedDependencies}. Trust lifts only rules marked {@code
 * trusted-exempt}, which are quarantine rules; it never lifts a block.
 *
 * @param patterns sorted and without duplicates, because order in the file means nothing here
 */
record Trust(List<NamePattern> patterns) {
  Trust {
    patterns = List.copyOf(new TreeSet<>(patterns));
  }

  static Trust none() {
    return new Trust(List.of());
  }

  /** The first pattern (in canonical order) that trusts {@code name}, or empty. */
  Optional<NamePattern> trusting(Ecosystem ecosystem, String name) {
    return patterns.stream().filter(p -> p.ecosystem() == ecosystem && p.matches(name)).findFirst();
  }

  Trust plus(Trust more) {
    List<NamePattern> all = new ArrayList<>(patterns);
    all.addAll(more.patterns);
    return new Trust(all);
  }

  /** Lines in the canonical form that {@link Policy#version()} digests. */
  List<String> canonical() {
    return patterns.stream().map(p -> "trusted " + p.ecosystem().key() + " " + p).toList();
  }
}
