package dev.gatehouse.analyzer.npm;

import dev.gatehouse.analyzer.Capability;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one trigger reaches: what its code was seen doing, commands Gatehouse could not look inside,
 * the well-known benign forms it recognised, the files it analyzed, and whether a bound cut it short.
 * Collected in a fixed order so that the same package always gives the same summary.
 */
final class Reach {
  private final Map<Signal, List<Sighting>> sightings = new EnumMap<>(Signal.class);
  private final Set<String> opaque = new LinkedHashSet<>();
  private final Set<String> benign = new LinkedHashSet<>();
  private final Set<String> files = new LinkedHashSet<>();
  private final Set<String> limits = new LinkedHashSet<>();

  void see(Sighting sighting) {
    List<Sighting> list = sightings.computeIfAbsent(sighting.signal(), k -> new ArrayList<>());
    if (!list.contains(sighting)) {
      list.add(sighting);
    }
  }

  void seeAll(Iterable<Sighting> all) {
    all.forEach(this::see);
  }

  /** A command or file whose behaviour cannot be analyzed: a binary, {@code make}, a missing file. */
  void opaque(String what) {
    opaque.add(what);
  }

  /** A recognised benign form such as {@code node-gyp rebuild}. */
  void benign(String what) {
    benign.add(what);
  }

  void analyzed(String file) {
    files.add(file);
  }

  /** A bound stopped the analysis; {@code why} names it. */
  void limited(String why) {
    limits.add(why);
  }

  void merge(Reach other) {
    other.sightings.values().forEach(this::seeAll);
    opaque.addAll(other.opaque);
    benign.addAll(other.benign);
    files.addAll(other.files);
    limits.addAll(other.limits);
  }

  boolean has(Signal signal) {
    return sightings.containsKey(signal);
  }

  boolean has(Capability capability) {
    return sightings.keySet().stream().anyMatch(s -> s.capability() == capability);
  }

  /** The first sighting of each signal, in {@link Signal} order. */
  List<Sighting> firstSightings() {
    return sightings.values().stream().map(l -> l.get(0)).toList();
  }

  Set<Signal> signals() {
    return sightings.isEmpty() ? EnumSet.noneOf(Signal.class) : EnumSet.copyOf(sightings.keySet());
  }

  EnumSet<Capability> capabilities() {
    EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
    sightings.keySet().forEach(s -> caps.add(s.capability()));
    return caps;
  }

  List<String> opaque() {
    return List.copyOf(opaque);
  }

  List<String> benign() {
    return List.copyOf(benign);
  }

  List<String> files() {
    return List.copyOf(files);
  }

  List<String> limits() {
    return List.copyOf(limits);
  }

  boolean isEmpty() {
    return sightings.isEmpty();
  }
}
