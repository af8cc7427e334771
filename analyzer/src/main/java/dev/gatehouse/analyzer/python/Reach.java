package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.Capability;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a trigger's code reaches, following calls and (for startup and build hooks) imports into the
 * artifact's own code.
 *
 * @param hits the capabilities reached, each with up to {@link ScopeSummary#MAX_HITS_PER_CAPABILITY}
 *     places, in the order they were reached
 * @param foreign modules outside the artifact and the standard library that the trigger's own lines call
 *     or import (a {@code .pth} line importing another package is not the benign form)
 * @param opaque compiled modules of the artifact (no source to read) that the trigger's own lines import
 * @param truncated whether calls deeper than {@code limits.maxCallDepth}, or scopes with more call
 *     targets than the scanner keeps, were left unfollowed
 */
record Reach(List<Reached> hits, List<String> foreign, List<String> opaque, boolean truncated) {
  /**
   * A capability reached.
   *
   * @param hit where it is
   * @param via the line of the trigger's own code that leads to it, or null when the hit is on that line
   */
  record Reached(Hit hit, CallSite via) {}

  Reach {
    hits = List.copyOf(hits);
    foreign = List.copyOf(foreign);
    opaque = List.copyOf(opaque);
  }

  Set<Capability> capabilities() {
    Set<Capability> caps = EnumSet.noneOf(Capability.class);
    hits.forEach(r -> caps.add(r.hit().capability()));
    return caps;
  }

  /** True when some place reached is the shape of an attack by itself ({@link Hit#telling()}). */
  boolean telling() {
    return hits.stream().anyMatch(r -> r.hit().telling());
  }

  /** The first telling place reached, or null. */
  Reached firstTelling() {
    return hits.stream().filter(r -> r.hit().telling()).findFirst().orElse(null);
  }

  /** The first place each capability was reached, by capability; a telling place before the others. */
  Map<Capability, Reached> first() {
    Map<Capability, Reached> first = new EnumMap<>(Capability.class);
    hits.stream().filter(r -> r.hit().telling()).forEach(r -> first.putIfAbsent(r.hit().capability(), r));
    hits.forEach(r -> first.putIfAbsent(r.hit().capability(), r)); // the telling place first: it is the why
    return first;
  }

  /** Collects a reach; not thread-safe. */
  static final class Builder {
    private static final int MAX_NAMES = 20;
    private final Map<Capability, List<Reached>> hits = new EnumMap<>(Capability.class);
    private final List<Capability> order = new ArrayList<>();
    private final Set<String> foreign = new TreeSet<>();
    private final Set<String> opaque = new TreeSet<>();
    private boolean truncated;

    void hit(Hit hit, CallSite via) {
      List<Reached> list = hits.computeIfAbsent(hit.capability(), c -> {
        order.add(c);
        return new ArrayList<>();
      });
      if (list.size() < ScopeSummary.MAX_HITS_PER_CAPABILITY) {
        list.add(new Reached(hit, via));
      } else if (hit.telling() && list.stream().noneMatch(r -> r.hit().telling())) {
        list.set(list.size() - 1, new Reached(hit, via)); // the one place that decides the rating stays
      }
    }

    void foreign(String module) {
      if (foreign.size() < MAX_NAMES) {
        foreign.add(module);
      }
    }

    void opaque(String module) {
      if (opaque.size() < MAX_NAMES) {
        opaque.add(module);
      }
    }

    void truncated() {
      truncated = true;
    }

    Reach build() {
      List<Reached> all = new ArrayList<>();
      order.forEach(c -> all.addAll(hits.get(c)));
      return new Reach(all, new ArrayList<>(foreign), new ArrayList<>(opaque), truncated);
    }
  }
}
