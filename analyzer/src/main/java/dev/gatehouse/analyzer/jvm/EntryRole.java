package dev.gatehouse.analyzer.jvm;

import java.util.Set;
import org.objectweb.asm.Opcodes;

/**
 * How a registered class is run by whatever loads it, which decides the methods that are entry points.
 * Every role includes the class's static initializer (and those of its superclasses in the jar).
 */
enum EntryRole {
  /** A class's own {@code <clinit>}, run on first use. */
  STATIC_INITIALIZER(Constructors.NONE, Set.of(), false),
  /** {@code ServiceLoader} instantiates the provider with its no-arg constructor. */
  SERVICE(Constructors.NO_ARG, Set.of(), false),
  /**
   * A compiler or build tool instantiates a processor, compiler plugin or lint registry and calls its
   * protocol methods: javac's Processor and Plugin, Kotlin's plugin registrars, KSP's provider, lint's
   * IssueRegistry.
   */
  PROCESSOR(Constructors.NO_ARG, Set.of("init", "process", "getSupportedAnnotationTypes", "getSupportedOptions",
      "getSupportedSourceVersion", "registerProjectComponents", "registerExtensions", "processOption", "create",
      "getIssues", "getApi", "getMinApi", "getVendor"), false),
  /**
   * Lint instantiates an IssueRegistry, reads its issues and then instantiates and calls the detectors they
   * name by class literal, from a class loader of their own jar: {@link ReachableCalls} takes every method
   * of that jar as an entry method, since every class in it is there for lint to run.
   */
  LINT_REGISTRY(Constructors.NO_ARG, Set.of("getIssues", "getApi", "getMinApi", "getVendor"), false),
  /** The JVM calls {@code premain} or {@code agentmain} before (or beside) the application. */
  AGENT(Constructors.NONE, Set.of("premain", "agentmain"), false),
  /** Gradle instantiates a plugin (by injection: any constructor) and calls {@code apply(project)}. */
  GRADLE_PLUGIN(Constructors.ANY, Set.of("apply"), false),
  /**
   * Gradle instantiates a task type of a plugin's jar (any constructor) and calls its {@code @TaskAction}
   * methods; the plugin names the type only as a class literal, which no call edge follows.
   */
  GRADLE_TASK(Constructors.ANY, Set.of(), false),
  /** Maven instantiates a mojo and calls {@code execute()}. */
  MOJO(Constructors.NO_ARG, Set.of("execute"), false),
  /** Plexus or Sisu instantiates a component (any constructor, by injection) and calls its lifecycle. */
  COMPONENT(Constructors.ANY, Set.of("afterProjectsRead", "afterSessionStart", "afterSessionEnd", "init", "onEvent",
      "close", "initialize", "contextualize", "start"), false),
  /** Spring instantiates configurations and factories, calls their {@code @Bean} methods and callbacks. */
  SPRING(Constructors.ANY, Set.of("onApplicationEvent", "initialize", "postProcessEnvironment", "starting",
      "environmentPrepared", "contextPrepared", "contextLoaded", "started", "ready", "running",
      "afterPropertiesSet"), true);

  private enum Constructors { NONE, NO_ARG, ANY }

  private final Constructors constructors;
  private final Set<String> methods;
  private final boolean annotatedCallbacks;

  EntryRole(Constructors constructors, Set<String> methods, boolean annotatedCallbacks) {
    this.constructors = constructors;
    this.methods = methods;
    this.annotatedCallbacks = annotatedCallbacks;
  }

  /** True when whoever loads the class runs {@code method} (declared by the class or a superclass). */
  boolean runs(MethodModel method) {
    if (method.name.equals("<clinit>")) {
      return true;
    }
    if ((method.access & Opcodes.ACC_ABSTRACT) != 0) {
      return false;
    }
    if (method.name.equals("<init>")) {
      return constructors == Constructors.ANY || (constructors == Constructors.NO_ARG && method.desc.equals("()V"));
    }
    return methods.contains(method.name) || (annotatedCallbacks && method.springCallback)
        || (this == GRADLE_TASK && method.taskAction);
  }
}
