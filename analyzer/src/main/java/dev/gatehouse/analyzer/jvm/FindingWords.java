package dev.gatehouse.analyzer.jvm;

import dev.gatehouse.analyzer.Capability;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The words of JVM findings: what ran, who ran it, and what it reaches, for a reviewer to read. */
final class FindingWords {
  private FindingWords() {}

  /** {@code java.sql.Driver service fixture.Beacon, which DriverManager loads by itself}. */
  static String subject(EntryPoint entry) {
    if (entry.registrations().isEmpty()) {
      return "static initializer of " + entry.binaryName();
    }
    List<String> subjects = new ArrayList<>();
    for (Registration registration : entry.registrations()) {
      if (!subjects.contains(registration.subject())) {
        subjects.add(registration.subject());
      }
    }
    return String.join(" and ", subjects) + " " + entry.binaryName() + ", " + entry.registrations().get(0).loader();
  }

  /** How many classes of one trigger, for a finding that stands for all of them. */
  static String many(EntryPoint first, int count) {
    return switch (first.trigger()) {
      case STATIC_INITIALIZER -> "static initializers of " + count + " classes run on first use";
      case SERVICE_REGISTRATION -> count + " registered services run when loaded";
      case ANNOTATION_PROCESSOR -> count + " annotation processors and javac plugins run inside the build";
      case JAVA_AGENT -> count + " Java agents run beside the application";
      case BUILD_PLUGIN -> count + (gradle(first) ? " Gradle plugins and tasks run inside the build"
          : " Maven mojos and build components run inside the build");
      case PLUGIN_ENTRY_POINT -> count + " Spring auto-configurations and factories run at startup";
      default -> count + " " + first.trigger().label() + " entry points run";
    };
  }

  private static boolean gradle(EntryPoint entry) {
    return !entry.registrations().isEmpty() && (entry.registrations().get(0).role() == EntryRole.GRADLE_PLUGIN
        || entry.registrations().get(0).role() == EntryRole.GRADLE_TASK);
  }

  /** {@code static initializer}, {@code constructor} or {@code execute()}. */
  static String entryMethod(MethodModel method) {
    return switch (method.name) {
      case "<clinit>" -> "static initializer";
      case "<init>" -> "constructor";
      default -> method.name + "()";
    };
  }

  /** {@code network, credential-file read and dynamic code}. */
  static String list(Set<Capability> capabilities) {
    List<String> labels = capabilities.stream().map(Capability::label).toList();
    if (labels.size() == 1) {
      return labels.get(0);
    }
    return String.join(", ", labels.subList(0, labels.size() - 1)) + " and " + labels.get(labels.size() - 1);
  }
}
