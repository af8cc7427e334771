package dev.gatehouse.analyzer.jvm;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.Trigger;

/**
 * A class that some file of the jar registers to be run by a loader: a service provider, an agent, a
 * mojo, a component, a Spring configuration.
 *
 * @param className binary name as written in the file, such as {@code com.example.A$B}
 * @param source the registering file's path from the artifact's root
 * @param subject the noun phrase for the finding, such as {@code java.sql.Driver service}
 * @param loader what runs it, finishing "which ...", such as {@code which DriverManager loads by itself}
 */
record Registration(Trigger trigger, EntryRole role, String className, String source, String subject, String loader) {
  Registration {
    requireNonNull(trigger, "trigger");
    requireNonNull(role, "role");
    requireNonNull(className, "className");
    requireNonNull(source, "source");
    requireNonNull(subject, "subject");
    requireNonNull(loader, "loader");
  }

  String internalName() {
    return className.replace('.', '/');
  }
}
