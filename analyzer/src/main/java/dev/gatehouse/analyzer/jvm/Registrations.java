package dev.gatehouse.analyzer.jvm;

import dev.gatehouse.analyzer.Trigger;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * Reads the files by which a jar asks a loader to run its classes: {@code META-INF/services/*}, the
 * manifest's agent and Android lint registry attributes, Maven's {@code plugin.xml}, Plexus {@code components.xml}, the Sisu index,
 * Gradle's plugin descriptors ({@code META-INF/gradle-plugins/<id>.properties}),
 * and Spring's {@code spring.factories} and {@code META-INF/spring/*.imports}. The files may sit at the
 * jar's root or under {@code BOOT-INF/classes/} and {@code WEB-INF/classes/}, the class-path roots of
 * Spring Boot jars and wars.
 */
final class Registrations {
  private static final String[] CLASS_PATH_ROOTS = {"", "BOOT-INF/classes/", "WEB-INF/classes/"};
  /** The manifest attributes that name a Java agent, and when the JVM runs it (java.lang.instrument). */
  private static final String[][] AGENT_ATTRIBUTES = {
    {"Premain-Class", "which the JVM runs before main when the jar is given to -javaagent"},
    {"Agent-Class", "which runs when a tool attaches it to a running JVM"},
    {"Launcher-Agent-Class", "which the JVM runs before main whenever the jar is started with java -jar"}
  };
  /** The manifest attributes by which a lint.jar names its IssueRegistry (lint's LintJarLoader reads both). */
  private static final String[] LINT_ATTRIBUTES = {"Lint-Registry-v2", "Lint-Registry"};
  private static final String SERVICES = "META-INF/services/";
  private static final String SPRING_IMPORTS = "META-INF/spring/";
  private static final String GRADLE_PLUGINS = "META-INF/gradle-plugins/";
  private static final String BUILD_LOADER = "which runs inside the Maven build";

  private Registrations() {}

  /** The registration file {@code name} (an entry of the jar) names, relative to its class-path root, or null. */
  static String registrationFile(String name) {
    for (String root : CLASS_PATH_ROOTS) {
      if (!name.startsWith(root)) {
        continue;
      }
      String file = name.substring(root.length());
      boolean service = file.startsWith(SERVICES) && file.length() > SERVICES.length()
          && file.indexOf('/', SERVICES.length()) < 0;
      boolean springImports = file.startsWith(SPRING_IMPORTS) && file.endsWith(".imports")
          && file.indexOf('/', SPRING_IMPORTS.length()) < 0;
      boolean gradlePlugin = file.startsWith(GRADLE_PLUGINS) && file.endsWith(".properties")
          && file.indexOf('/', GRADLE_PLUGINS.length()) < 0;
      if (service || springImports || gradlePlugin || (file.equals("META-INF/MANIFEST.MF") && root.isEmpty())
          || file.equals("META-INF/maven/plugin.xml") || file.equals("META-INF/plexus/components.xml")
          || file.equals("META-INF/sisu/javax.inject.Named") || file.equals("META-INF/spring.factories")) {
        return file;
      }
    }
    return null;
  }

  /**
   * The registrations in {@code content}, the registration file {@code file} found at {@code path}.
   *
   * @throws IOException when a file that registers code cannot be parsed, so what it registers is unknown
   */
  static List<Registration> read(String file, String path, byte[] content) throws IOException {
    List<Registration> out = new ArrayList<>();
    if (file.startsWith(SERVICES)) {
      String service = file.substring(SERVICES.length());
      KnownServices.Loader loader = KnownServices.of(service);
      boolean buildTime = loader.trigger() == Trigger.ANNOTATION_PROCESSOR || loader.trigger() == Trigger.BUILD_PLUGIN;
      EntryRole role = service.equals(KnownServices.LINT_REGISTRY) ? EntryRole.LINT_REGISTRY
          : buildTime ? EntryRole.PROCESSOR : EntryRole.SERVICE;
      String subject = service.equals("javax.annotation.processing.Processor") ? "annotation processor"
          : service.equals("com.sun.source.util.Plugin") ? "javac plugin" : service + " service";
      for (String name : classNames(content)) {
        out.add(new Registration(loader.trigger(), role, name, path, subject, loader.phrase()));
      }
    } else if (file.equals("META-INF/MANIFEST.MF")) {
      Attributes main = new Manifest(new ByteArrayInputStream(content)).getMainAttributes();
      for (String[] attribute : AGENT_ATTRIBUTES) {
        String name = main.getValue(attribute[0]);
        if (name != null && isClassName(name.strip())) {
          out.add(new Registration(Trigger.JAVA_AGENT, EntryRole.AGENT, name.strip(), path,
              "Java agent (" + attribute[0] + ")", attribute[1]));
        }
      }
      for (String attribute : LINT_ATTRIBUTES) {
        String name = main.getValue(attribute);
        if (name != null && isClassName(name.strip())) {
          out.add(new Registration(Trigger.BUILD_PLUGIN, EntryRole.LINT_REGISTRY, name.strip(), path,
              "Android lint registry (" + attribute + ")", "which lint runs inside the build"));
        }
      }
    } else if (file.equals("META-INF/maven/plugin.xml")) {
      for (List<String> mojo : XmlRecords.read(content, path, "mojo", "goal", "implementation")) {
        if (isClassName(mojo.get(1))) {
          out.add(new Registration(Trigger.BUILD_PLUGIN, EntryRole.MOJO, mojo.get(1), path,
              "Maven mojo" + (mojo.get(0).isEmpty() ? "" : " (goal " + mojo.get(0) + ")"), BUILD_LOADER));
        }
      }
    } else if (file.equals("META-INF/plexus/components.xml")) {
      for (List<String> component : XmlRecords.read(content, path, "component", "role", "implementation")) {
        if (isClassName(component.get(1))) {
          out.add(new Registration(Trigger.BUILD_PLUGIN, EntryRole.COMPONENT, component.get(1), path,
              "Plexus component" + (component.get(0).isEmpty() ? "" : " (" + component.get(0) + ")"), BUILD_LOADER));
        }
      }
    } else if (file.equals("META-INF/sisu/javax.inject.Named")) {
      for (String name : classNames(content)) {
        out.add(new Registration(Trigger.BUILD_PLUGIN, EntryRole.COMPONENT, name, path, "Sisu component", BUILD_LOADER));
      }
    } else if (file.startsWith(GRADLE_PLUGINS)) {
      Properties descriptor = new Properties();
      descriptor.load(new ByteArrayInputStream(content));
      String name = descriptor.getProperty("implementation-class", "").strip();
      String id = file.substring(GRADLE_PLUGINS.length(), file.length() - ".properties".length());
      if (isClassName(name)) {
        out.add(new Registration(Trigger.BUILD_PLUGIN, EntryRole.GRADLE_PLUGIN, name, path,
            "Gradle plugin (id " + id + ")", "which Gradle applies inside the build"));
      }
    } else if (file.equals("META-INF/spring.factories")) {
      Properties factories = new Properties();
      factories.load(new ByteArrayInputStream(content));
      for (String key : new TreeSet<>(factories.stringPropertyNames())) {
        for (String name : factories.getProperty(key).split(",")) {
          if (isClassName(name.strip())) {
            out.add(spring(name.strip(), path, key));
          }
        }
      }
    } else if (file.startsWith(SPRING_IMPORTS)) {
      String key = file.substring(SPRING_IMPORTS.length(), file.length() - ".imports".length());
      for (String name : classNames(content)) {
        out.add(spring(name, path, key));
      }
    }
    return out;
  }

  private static Registration spring(String name, String path, String key) {
    boolean autoConfiguration = key.endsWith(".EnableAutoConfiguration") || key.endsWith(".AutoConfiguration");
    return new Registration(Trigger.PLUGIN_ENTRY_POINT, EntryRole.SPRING, name, path,
        autoConfiguration ? "Spring Boot auto-configuration" : "Spring factory (" + key + ")",
        "which Spring loads at startup");
  }

  /** Class names listed one a line, with {@code #} comments, as in service and index files. */
  private static List<String> classNames(byte[] content) {
    List<String> names = new ArrayList<>();
    for (String line : new String(content, StandardCharsets.UTF_8).split("\r?\n|\r")) {
      int comment = line.indexOf('#');
      String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
      if (isClassName(name) && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /** A Java binary name; anything else in a registration file cannot name a class to run. */
  static boolean isClassName(String name) {
    if (name.isEmpty() || name.length() > 512 || name.startsWith(".") || name.endsWith(".")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isJavaIdentifierPart(c) || c == '.') || Character.isIdentifierIgnorable(c)) {
        return false;
      }
    }
    return true;
  }
}
