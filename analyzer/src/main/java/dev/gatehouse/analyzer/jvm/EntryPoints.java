package dev.gatehouse.analyzer.jvm;

import dev.gatehouse.analyzer.Trigger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entry points of one jar: every registered class, once per trigger, then every other class with a
 * static initializer. A registered class's static initializer belongs to its registration's finding, so
 * it is not listed a second time as a plain static initializer.
 */
final class EntryPoints {
  private EntryPoints() {}

  static List<EntryPoint> of(JarContents jar) {
    Map<String, List<Registration>> byTriggerAndClass = new LinkedHashMap<>();
    List<Registration> ordered = new ArrayList<>(jar.registrations);
    ordered.sort(Comparator.comparing(Registration::trigger)
        .thenComparing(Registration::className).thenComparing(Registration::source).thenComparing(Registration::subject));
    Set<String> registered = new HashSet<>();
    for (Registration registration : ordered) {
      byTriggerAndClass.computeIfAbsent(registration.trigger().key() + ' ' + registration.internalName(),
          k -> new ArrayList<>()).add(registration);
      registered.add(registration.internalName());
    }
    List<EntryPoint> entries = new ArrayList<>();
    for (List<Registration> group : byTriggerAndClass.values()) {
      Registration first = group.get(0);
      entries.add(new EntryPoint(first.trigger(), first.internalName(), group));
    }
    Set<String> listed = new HashSet<>();
    for (ClassModel model : jar.sorted()) {
      if (!registered.contains(model.name) && model.method("<clinit>", "()V") != null && listed.add(model.name)) {
        entries.add(new EntryPoint(Trigger.STATIC_INITIALIZER, model.name, List.of()));
      }
    }
    return entries;
  }
}
