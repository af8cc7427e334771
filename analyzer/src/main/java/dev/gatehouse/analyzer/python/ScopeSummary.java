package dev.gatehouse.analyzer.python;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scope of code (a module's top level, a function body, a {@code .pth} line) does by itself:
 * the capabilities it shows directly, and the references to code elsewhere that the reach computation
 * follows. Built once per scope while the source is in memory; the source itself is not kept.
 *
 * @param hits capabilities shown directly, at most {@link #MAX_HITS_PER_CAPABILITY} of each, in source order
 * @param calls distinct call targets that may be code of the artifact itself
 * @param imports modules imported, in order
 * @param execFiles files of the artifact whose text this scope runs with {@code exec}
 * @param setupCalls {@code setup(...)} calls and what they declare
 * @param truncated whether more than {@link #MAX_CALLS} distinct call targets were seen and some dropped
 * @param parameters a function's parameter names in order (empty for a module's top level)
 * @param commandParams parameters handed to a process call as (part of) its command, to that call's name
 * @param argCalls calls with arguments that can be followed into the callee's parameters, at most {@link
 *     #MAX_ARG_CALLS}
 */
record ScopeSummary(
    List<Hit> hits, List<CallSite> calls, List<CallSite> imports, List<CallSite> execFiles, List<SetupCall> setupCalls,
    boolean truncated, List<String> parameters, Map<String, String> commandParams, List<ArgCall> argCalls) {
  /** Later hits of a capability already shown add nothing a reviewer needs. */
  static final int MAX_HITS_PER_CAPABILITY = 3;
  /** Distinct call targets kept per scope; more marks the scope truncated, which is reported. */
  static final int MAX_CALLS = 4096;

  /** Calls with followable arguments kept per scope: commands are passed to a helper a few times, not thousands. */
  static final int MAX_ARG_CALLS = 256;

  static final ScopeSummary EMPTY = new ScopeSummary(List.of(), List.of(), List.of(), List.of(), List.of(), false,
      List.of(), Map.of(), List.of());

  ScopeSummary {
    hits = List.copyOf(hits);
    calls = List.copyOf(calls);
    imports = List.copyOf(imports);
    execFiles = List.copyOf(execFiles);
    setupCalls = List.copyOf(setupCalls);
    parameters = List.copyOf(parameters);
    commandParams = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(commandParams));
    argCalls = List.copyOf(argCalls);
  }

  /** Collects one scope's summary; not thread-safe, used by one scanner at a time. */
  static final class Builder {
    private final Map<dev.gatehouse.analyzer.Capability, List<Hit>> hits =
        new EnumMap<>(dev.gatehouse.analyzer.Capability.class);
    private final Map<String, CallSite> calls = new LinkedHashMap<>();
    private final Map<String, CallSite> imports = new LinkedHashMap<>();
    private final Map<String, CallSite> execFiles = new LinkedHashMap<>();
    private final List<SetupCall> setupCalls = new ArrayList<>();
    private boolean truncated;
    private List<String> parameters = List.of();
    private final Map<String, String> commandParams = new java.util.TreeMap<>();
    private final List<ArgCall> argCalls = new ArrayList<>();

    void parameters(List<String> names) {
      parameters = List.copyOf(names);
    }

    void commandParam(String parameter, String call) {
      commandParams.putIfAbsent(parameter, call);
    }

    void argCall(ArgCall call) {
      if (argCalls.size() < MAX_ARG_CALLS) {
        argCalls.add(call);
      }
    }

    boolean has(dev.gatehouse.analyzer.Capability capability) {
      return hits.containsKey(capability);
    }

    void hit(Hit hit) {
      List<Hit> list = hits.computeIfAbsent(hit.capability(), c -> new ArrayList<>());
      if (list.size() < MAX_HITS_PER_CAPABILITY) {
        list.add(hit);
      } else if (hit.telling() && list.stream().noneMatch(Hit::telling)) {
        list.set(list.size() - 1, hit); // the one place that decides the rating must not be cut off
      }
    }

    void call(CallSite site) {
      if (calls.containsKey(site.target())) {
        return;
      }
      if (calls.size() >= MAX_CALLS) {
        truncated = true;
        return;
      }
      calls.put(site.target(), site);
    }

    void imported(CallSite site) {
      if (imports.size() < MAX_CALLS) {
        imports.putIfAbsent(site.target(), site);
      } else {
        truncated = true;
      }
    }

    void execFile(CallSite site) {
      execFiles.putIfAbsent(site.target(), site);
    }

    void setupCall(SetupCall call) {
      setupCalls.add(call);
    }

    ScopeSummary build() {
      List<Hit> all = new ArrayList<>();
      hits.values().forEach(all::addAll);
      all.sort(Hit.ORDER);
      return new ScopeSummary(all, new ArrayList<>(calls.values()), new ArrayList<>(imports.values()),
          new ArrayList<>(execFiles.values()), setupCalls, truncated, parameters, commandParams, argCalls);
    }
  }
}
