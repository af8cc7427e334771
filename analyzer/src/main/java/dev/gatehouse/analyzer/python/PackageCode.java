package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.python.PythonCapabilities.CallKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Python code of one artifact, as module summaries, and the computation of what a trigger reaches
 * in it ({@link #reach}): calls into the artifact's own functions and classes are followed up to {@code
 * limits.maxCallDepth} levels, aliases across modules are resolved ({@code from .compat import run}),
 * and for hooks that import modules (a {@code .pth} line, a plugin) the imported modules' top levels
 * are followed too. Calls into the standard library and other packages are not followed: what they can
 * do is known by name ({@link PythonCapabilities}).
 */
final class PackageCode {
  /** Alias chains longer than this ({@code a = b}, {@code b = c}, ... across modules) are not followed. */
  private static final int MAX_ALIAS_HOPS = 8;
  /** Functions a literal command is followed through: the helper, and one helper it hands the command to. */
  private static final int MAX_ARGUMENT_LEVELS = 2;
  private static final List<String> CONSTRUCTORS = List.of("__init__", "__new__", "__post_init__");

  private final Map<String, ModuleSummary> byName = new HashMap<>();
  private final Map<String, ModuleSummary> byPath = new HashMap<>();
  private final Set<String> opaque = new HashSet<>();
  private final Set<String> packages = new HashSet<>();
  private final int maxCallDepth;

  PackageCode(int maxCallDepth) {
    this.maxCallDepth = maxCallDepth;
  }

  /** Adds a module under its own name and under {@code moreNames} (an sdist's {@code src/} layout). */
  void add(ModuleSummary module, List<String> moreNames) {
    byPath.put(module.path(), module);
    register(module.name(), module);
    moreNames.forEach(n -> register(n, module));
  }

  private void register(String name, ModuleSummary module) {
    if (name.isEmpty()) {
      return;
    }
    byName.putIfAbsent(name, module);
    notePackages(name);
  }

  /** A module of the artifact with no source to read: a compiled extension or bytecode. */
  void addCompiled(String name) {
    opaque.add(name);
    notePackages(name);
  }

  private void notePackages(String name) {
    for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
      packages.add(name.substring(0, dot));
    }
  }

  ModuleSummary module(String name) {
    return byName.get(name);
  }

  ModuleSummary atPath(String path) {
    return byPath.get(path);
  }

  Set<String> paths() {
    return byPath.keySet();
  }

  /** True when {@code name} is a module or package of this artifact, with or without source. */
  boolean owns(String name) {
    return byName.containsKey(name) || opaque.contains(name) || packages.contains(name);
  }

  boolean compiled(String name) {
    return opaque.contains(name) && !byName.containsKey(name);
  }

  /** Where a trigger starts: a scope and the module it belongs to (null for a {@code .pth} line). */
  record Start(ScopeSummary scope, ModuleSummary owner) {}

  /** A scope to visit; {@code start} for the trigger's own scopes, whose outside calls are reported. */
  private record Node(ScopeSummary scope, ModuleSummary owner, int depth, CallSite via, boolean start) {}

  Reach reach(List<Start> starts, boolean followImports) {
    return reach(starts, followImports, maxCallDepth);
  }

  /** As {@link #reach(List, boolean)}, following calls at most {@code depth} levels (never more than the limit). */
  Reach reach(List<Start> starts, boolean followImports, int depth) {
    int maxCallDepth = Math.min(depth, this.maxCallDepth);
    Reach.Builder out = new Reach.Builder();
    Deque<Node> queue = new ArrayDeque<>();
    Map<ScopeSummary, Boolean> seen = new IdentityHashMap<>();
    for (Start start : starts) {
      if (seen.put(start.scope(), Boolean.TRUE) == null) {
        queue.add(new Node(start.scope(), start.owner(), 0, null, true));
      }
    }
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      n.scope().hits().forEach(h -> out.hit(h, n.via()));
      if (n.scope().truncated()) {
        out.truncated();
      }
      for (CallSite call : n.scope().calls()) {
        CallSite via = n.via() != null ? n.via() : call;
        Resolution r = resolve(call.target(), 0);
        if (r.capability != null) {
          out.hit(new Hit(r.capability, call.path(), call.line(), r.target, call.excerpt()), n.via());
        } else if (!r.scopes.isEmpty()) {
          if (n.depth() + 1 > maxCallDepth) {
            out.truncated();
            continue;
          }
          for (ScopeSummary target : r.scopes) {
            if (seen.put(target, Boolean.TRUE) == null) {
              queue.add(new Node(target, r.module, n.depth() + 1, via, false));
            }
          }
        } else if (n.start() && r.foreign) {
          out.foreign(r.target.split("\\.")[0]);
        } else if (n.start() && r.compiled) {
          out.opaque(r.target);
        }
      }
      for (ArgCall call : n.scope().argCalls()) {
        if (!call.literals().isEmpty()) {
          passedCommands(call, call.literals(), call, 1, n.via(), out);
        }
      }
      for (CallSite file : n.scope().execFiles()) {
        ModuleSummary m = byPath.get(file.target());
        if (m != null && seen.put(m.top(), Boolean.TRUE) == null) {
          queue.add(new Node(m.top(), m, n.depth() + 1, n.via() != null ? n.via() : file, false));
        }
      }
      if (followImports) {
        for (CallSite imp : n.scope().imports()) {
          imported(imp, n, out, queue, seen);
        }
      }
    }
    return out.build();
  }

  /**
   * Literal arguments followed into the parameters of the artifact's own functions that hand them to a
   * process call ({@code run("curl ... | sh")} with {@code def run(c): os.system(c)}), through at most
   * {@link #MAX_ARGUMENT_LEVELS} functions that pass them on: the command is read where it is written.
   */
  private void passedCommands(ArgCall call, Map<String, String> args, ArgCall origin, int level, CallSite via,
      Reach.Builder out) {
    for (ScopeSummary callee : resolve(call.target(), 0).scopes) {
      Map<String, String> byParameter = new java.util.TreeMap<>();
      args.forEach((key, text) -> {
        String parameter = ArgCall.parameter(key, callee.parameters());
        if (parameter != null) {
          byParameter.put(parameter, text);
        }
      });
      byParameter.forEach((parameter, text) -> {
        String sink = callee.commandParams().get(parameter);
        if (sink != null) {
          ShellCommand.of(text).ifPresent(command -> passedCommand(command, sink, origin, via, out));
        }
      });
      if (level >= MAX_ARGUMENT_LEVELS || byParameter.isEmpty()) {
        continue;
      }
      for (ArgCall next : callee.argCalls()) {
        Map<String, String> handed = new java.util.TreeMap<>();
        next.forwarded().forEach((key, parameter) -> {
          if (byParameter.containsKey(parameter)) {
            handed.put(key, byParameter.get(parameter));
          }
        });
        if (!handed.isEmpty()) {
          passedCommands(next, handed, origin, level + 1, via, out);
        }
      }
    }
  }

  private static void passedCommand(ShellCommand command, String sink, ArgCall origin, CallSite via,
      Reach.Builder out) {
    String helper = origin.target().substring(origin.target().lastIndexOf('.') + 1);
    String what = "a command passed to " + helper + "(), which runs it with " + sink.replace("builtins.", "");
    if (command.downloads() != null) {
      out.hit(new Hit(Capability.NETWORK, origin.path(), origin.line(),
          what + ", reaches the network (" + command.downloads() + ")", origin.excerpt(), true), via);
    }
    if (command.hides() != null) {
      out.hit(new Hit(Capability.PROCESS_SPAWN, origin.path(), origin.line(),
          what + ", runs hidden or detached (" + command.hides() + ")", origin.excerpt(), true), via);
    }
    if (command.decodes() != null) {
      out.hit(new Hit(Capability.ENCODED_PAYLOAD, origin.path(), origin.line(),
          what + ", decodes and runs a payload (" + command.decodes() + ")", origin.excerpt(), true), via);
    }
  }

  /** Importing {@code a.b.c} runs {@code a}, {@code a.b} and {@code a.b.c}: each of the artifact's own is followed. */
  private void imported(CallSite imp, Node n, Reach.Builder out, Deque<Node> queue, Map<ScopeSummary, Boolean> seen) {
    String[] parts = imp.target().split("\\.");
    String top = parts[0];
    if (!owns(top)) {
      if (n.start() && !PythonCapabilities.isStdlib(top) && !top.equals("builtins")) {
        out.foreign(top);
      }
      return;
    }
    for (int k = 1; k <= parts.length; k++) {
      String name = String.join(".", Arrays.copyOfRange(parts, 0, k));
      ModuleSummary m = byName.get(name);
      if (m != null) {
        // imports do not deepen the call depth: the modules are finite and each is visited once
        if (seen.put(m.top(), Boolean.TRUE) == null) {
          queue.add(new Node(m.top(), m, n.depth(), n.via() != null ? n.via() : imp, false));
        }
      } else if (compiled(name) && n.start()) {
        out.opaque(name);
      }
    }
  }

  /** What a qualified call target is: code of the artifact to follow, a capability, or outside code. */
  private record Resolution(
      String target, ModuleSummary module, List<ScopeSummary> scopes, Capability capability, boolean foreign,
      boolean compiled) {
    static Resolution none(String target) {
      return new Resolution(target, null, List.of(), null, false, false);
    }
  }

  private Resolution resolve(String q, int hops) {
    String[] seg = q.split("\\.");
    if (hops <= MAX_ALIAS_HOPS) {
      for (int k = seg.length; k >= 1; k--) {
        String prefix = String.join(".", Arrays.copyOfRange(seg, 0, k));
        if (compiled(prefix)) {
          return new Resolution(prefix, null, List.of(), null, false, true);
        }
        ModuleSummary m = byName.get(prefix);
        if (m != null) {
          return k == seg.length ? Resolution.none(q) : member(m, Arrays.copyOfRange(seg, k, seg.length), q, hops);
        }
      }
    }
    String top = seg[0];
    Capability capability = capability(PythonCapabilities.classify(q));
    if (capability != null) {
      return new Resolution(q, null, List.of(), capability, false, false);
    }
    boolean outside = !top.equals("builtins") && !PythonCapabilities.isStdlib(top) && !owns(top);
    return new Resolution(q, null, List.of(), null, outside, false);
  }

  private Resolution member(ModuleSummary m, String[] rest, String q, int hops) {
    String name = rest[0];
    String whole = String.join(".", rest);
    if (rest.length > 1 && m.functions().containsKey(whole)) {
      return new Resolution(q, m, List.of(m.functions().get(whole)), null, false, false); // outer.inner
    }
    if (m.functions().containsKey(name)) {
      return new Resolution(q, m, List.of(m.functions().get(name)), null, false, false);
    }
    if (m.classes().containsKey(name)) {
      List<ScopeSummary> scopes = new ArrayList<>();
      if (rest.length > 1 && m.functions().containsKey(name + "." + rest[1])) {
        scopes.add(m.functions().get(name + "." + rest[1]));
      } else {
        for (String ctor : CONSTRUCTORS) {
          ScopeSummary body = m.functions().get(name + "." + ctor);
          if (body != null) {
            scopes.add(body);
          }
        }
      }
      return new Resolution(q, m, scopes, null, false, false);
    }
    String alias = m.aliases().get(name);
    String restJoined = rest.length > 1 ? "." + String.join(".", Arrays.copyOfRange(rest, 1, rest.length)) : "";
    if (alias != null && !alias.equals(m.name() + "." + name)) {
      return resolve(alias + restJoined, hops + 1);
    }
    for (String star : m.starImports()) {
      Resolution r = resolve(star + "." + name + restJoined, hops + 1);
      if (r.capability != null || !r.scopes.isEmpty()) {
        return r;
      }
    }
    return Resolution.none(q);
  }

  /** The scopes of a class's methods, for hooks that run a whole class (a setup script's cmdclass). */
  List<ScopeSummary> methods(String qualifiedClass) {
    return methods(qualifiedClass, 0);
  }

  private List<ScopeSummary> methods(String qualifiedClass, int hops) {
    int dot = qualifiedClass.lastIndexOf('.');
    ModuleSummary m = dot < 0 ? null : byName.get(qualifiedClass.substring(0, dot));
    if (m == null) {
      return List.of();
    }
    String name = qualifiedClass.substring(dot + 1);
    List<ScopeSummary> scopes = new ArrayList<>();
    m.methodsOf(name).forEach(method -> scopes.add(m.functions().get(method)));
    String alias = m.aliases().get(name);
    if (scopes.isEmpty() && alias != null && !alias.equals(qualifiedClass) && hops < MAX_ALIAS_HOPS) {
      return methods(alias, hops + 1);
    }
    return scopes;
  }

  static Capability capability(CallKind kind) {
    return switch (kind) {
      case SPAWN -> Capability.PROCESS_SPAWN;
      case NETWORK -> Capability.NETWORK;
      case DNS -> Capability.DNS;
      case NATIVE -> Capability.NATIVE_LOAD;
      case EXEC, CODE_OBJECT -> Capability.DYNAMIC_CODE;
      default -> null;
    };
  }
}
