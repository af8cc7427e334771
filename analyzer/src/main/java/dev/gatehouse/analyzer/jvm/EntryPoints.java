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
 * static initializer; in a jar that carries a Gradle plugin, every task type with a {@code @TaskAction}
 * method counts as registered by the plugin. A registered class's static initializer belongs to its registration's finding, so
 * it is not listed a second time as a plain static initializer.
 */
final class EntryPoints {
  private EntryPoints() {}

  static List<EntryPoint> of(JarContents jar) {
    Map<String, List<Registration>> byTriggerAndClass = new LinkedHashMap<>();
    List<Registration> ordered = new ArrayList<>(jar.registrations);
    ordered.addAll(gradleTasks(jar));
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

  /** The task types of a jar's Gradle plugins: the plugin registers them by class literal and Gradle runs them. */
  private static List<Registration> gradleTasks(JarContents jar) {
    Registration plugin = jar.registrations.stream()
        .filter(r -> r.role() == EntryRole.GRADLE_PLUGIN).findFirst().orElse(null);
    List<Registration> tasks = new ArrayList<>();
    if (plugin == null) {
      return tasks;
    }
    for (ClassModel model : jar.sorted()) {
      if (model.methods.values().stream().anyMatch(m -> m.taskAction)) {
        tasks.add(new Registration(Trigger.BUILD_PLUGIN, EntryRole.GRADLE_TASK, model.name.replace('/', '.'),
            plugin.source(), "Gradle task", "which Gradle runs in a build that applies " + plugin.className()));
      }
    }
    return tasks;
  }
}
