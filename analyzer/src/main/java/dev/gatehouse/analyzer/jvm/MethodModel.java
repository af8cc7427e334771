package dev.gatehouse.analyzer.jvm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one method does, as far as this analysis cares: its calls into code that may be in the jar, the
 * {@link Site}s of sensitive APIs, the {@link FlowSink}s that depend on its callers, the classes whose
 * static initializers it triggers, and the callbacks it hands to threads. Built once by {@link
 * MethodScanner}; read-only afterwards.
 */
final class MethodModel {
  final ClassModel owner;
  final String name;
  final String desc;
  final int access;
  /** Annotated {@code @Bean} or {@code @PostConstruct}: Spring calls it at startup. */
  boolean springCallback;
  /** Annotated {@code @TaskAction}: Gradle calls it when the build runs the task. */
  boolean taskAction;
  int firstLine;

  final List<CallSite> calls = new ArrayList<>();
  final List<Site> sites = new ArrayList<>();
  final List<FlowSink> flows = new ArrayList<>();
  /** Classes (internal names) whose static initializer this method may trigger, in order of first use. */
  final Set<String> initializes = new LinkedHashSet<>();
  /** Classes (internal names) this method instantiates. */
  final Set<String> instantiates = new LinkedHashSet<>();
  /** Bodies of lambdas and method references this method creates. */
  final List<MethodRef> lambdas = new ArrayList<>();
  /** Methods of the jar looked up by constant class and name ({@code A.class.getMethod("m")}); any descriptor. */
  final List<MethodRef> reflects = new ArrayList<>();
  /** Taint bits written to fields, by {@code owner.name}. */
  final Map<String, Integer> fieldTaints = new LinkedHashMap<>();
  /** Calls into the jar whose results are written to fields, by {@code owner.name}. */
  final Map<String, CallSite> fieldCalls = new LinkedHashMap<>();
  /** Parameters (bit {@code i}, descriptor order) written to fields, by {@code owner.name}: captured variables. */
  final Map<String, Integer> fieldParams = new LinkedHashMap<>();
  /** It hands callbacks to a thread, an executor, a shutdown hook or {@code doPrivileged}. */
  boolean runsCallbacks;
  /** Taint bits of the values it returns. */
  int returnTaint;

  MethodModel(ClassModel owner, String name, String desc, int access) {
    this.owner = owner;
    this.name = name;
    this.desc = desc;
    this.access = access;
  }

  /** {@code com.example.A#method}, the way findings name a method. */
  String display() {
    return owner.binaryName() + '#' + name;
  }

  /** {@link #display()} with {@code :line} when the class has line numbers. */
  String location(int line) {
    return line > 0 ? display() + ':' + line : display();
  }

  @Override
  public String toString() {
    return owner.name + '.' + name + desc;
  }
}
