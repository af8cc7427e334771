package dev.gatehouse.analyzer.jvm;

import dev.gatehouse.analyzer.Trigger;
import java.util.Map;

/**
 * The {@code META-INF/services} interfaces that a runtime, a framework or {@code javac} loads by itself,
 * without the application asking {@code ServiceLoader} for them: every provider registered under one of
 * them runs as soon as the jar is on the class path (or, for javac, the processor path).
 */
final class KnownServices {
  /** The service by which a lint.jar names its IssueRegistry. */
  static final String LINT_REGISTRY = "com.android.tools.lint.client.api.IssueRegistry";
  /** Who loads a service interface, in words that finish "which ...". */
  record Loader(Trigger trigger, String phrase) {}

  private static final Loader APPLICATION =
      new Loader(Trigger.SERVICE_REGISTRATION, "which loads when the application asks ServiceLoader for it");

  private static final Map<String, Loader> LOADERS = Map.ofEntries(
      build("javax.annotation.processing.Processor", "which javac runs inside the build"),
      build("com.sun.source.util.Plugin", "a javac plugin, which runs inside the build"),
      // Compiler plugins of Kotlin, KSP processors and Error Prone checks: kotlinc, KSP and javac load them
      // from the plugin or processor path the build names, and run them while compiling.
      build("org.jetbrains.kotlin.compiler.plugin.ComponentRegistrar", "a Kotlin compiler plugin, which runs inside the build"),
      build("org.jetbrains.kotlin.compiler.plugin.CompilerPluginRegistrar", "a Kotlin compiler plugin, which runs inside the build"),
      build("org.jetbrains.kotlin.compiler.plugin.CommandLineProcessor", "a Kotlin compiler plugin, which runs inside the build"),
      build("com.google.devtools.ksp.processing.SymbolProcessorProvider", "a KSP processor, which runs inside the build"),
      build("com.google.errorprone.bugpatterns.BugChecker", "an Error Prone check, which javac runs inside the build"),
      // Android lint loads the registry of every lint.jar on the project's dependencies (an AAR carries
      // one at its root) and runs its detectors inside the build: lintVitalRelease runs with assembleRelease.
      buildTool(LINT_REGISTRY, "an Android lint registry, which lint runs inside the build"),
      runtime("java.sql.Driver", "which DriverManager loads by itself"),
      runtime("java.nio.file.spi.FileSystemProvider", "which the JDK loads when file systems are listed"),
      runtime("java.nio.charset.spi.CharsetProvider", "which the JDK loads on charset lookup"),
      runtime("java.nio.channels.spi.SelectorProvider", "which the JDK loads for NIO selectors"),
      runtime("javax.script.ScriptEngineFactory", "which ScriptEngineManager loads by itself"),
      runtime("java.lang.System$LoggerFinder", "which the JDK loads for System.Logger"),
      runtime("java.util.spi.ToolProvider", "which JDK tools load by name"),
      runtime("java.time.zone.ZoneRulesProvider", "which java.time loads at startup"),
      runtime("javax.xml.parsers.DocumentBuilderFactory", "which JAXP loads by itself"),
      runtime("javax.xml.parsers.SAXParserFactory", "which JAXP loads by itself"),
      runtime("javax.xml.transform.TransformerFactory", "which JAXP loads by itself"),
      runtime("javax.xml.stream.XMLInputFactory", "which StAX loads by itself"),
      runtime("javax.xml.stream.XMLOutputFactory", "which StAX loads by itself"),
      runtime("javax.servlet.ServletContainerInitializer", "which the servlet container runs at startup"),
      runtime("jakarta.servlet.ServletContainerInitializer", "which the servlet container runs at startup"),
      runtime("org.slf4j.spi.SLF4JServiceProvider", "which SLF4J loads on the first logger"),
      runtime("org.apache.logging.log4j.spi.Provider", "which the Log4j API loads on the first logger"),
      runtime("org.apache.commons.logging.LogFactory", "which Commons Logging loads on the first logger"),
      runtime("org.junit.platform.engine.TestEngine", "which the JUnit Platform loads for every test run"),
      runtime("org.junit.platform.launcher.TestExecutionListener", "which the JUnit Platform loads for every test run"),
      runtime("org.junit.platform.launcher.LauncherSessionListener", "which the JUnit Platform loads for every test run"),
      runtime("org.junit.platform.launcher.LauncherDiscoveryListener", "which the JUnit Platform loads for every test run"),
      runtime("org.junit.platform.launcher.PostDiscoveryFilter", "which the JUnit Platform loads for every test run"),
      runtime("org.junit.jupiter.api.extension.Extension", "which JUnit Jupiter loads when extension autodetection is on"));

  private KnownServices() {}

  static Loader of(String serviceInterface) {
    Loader known = LOADERS.get(serviceInterface);
    if (known != null) {
      return known;
    }
    if (serviceInterface.startsWith("java.net.spi.")) {
      return new Loader(Trigger.SERVICE_REGISTRATION, "which the JDK's networking loads by itself");
    }
    return APPLICATION;
  }

  private static Map.Entry<String, Loader> build(String service, String phrase) {
    return Map.entry(service, new Loader(Trigger.ANNOTATION_PROCESSOR, phrase));
  }

  private static Map.Entry<String, Loader> buildTool(String service, String phrase) {
    return Map.entry(service, new Loader(Trigger.BUILD_PLUGIN, phrase));
  }

  private static Map.Entry<String, Loader> runtime(String service, String phrase) {
    return Map.entry(service, new Loader(Trigger.SERVICE_REGISTRATION, phrase));
  }
}
