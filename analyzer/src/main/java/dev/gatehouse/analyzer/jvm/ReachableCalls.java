package dev.gatehouse.analyzer.jvm;

import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.archive.ArchiveWalker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;

/**
 * Follows calls from an {@link EntryPoint} through the jar's own classes, breadth first, up to {@code
 * limits.maxCallDepth}, and collects what the reached code does into a {@link Reach}.
 *
 * <p>Precision over reach: a virtual or interface call goes only to the method of the named owner (or the
 * superclass or default method it inherits), never to every override in the jar, because gluing a large
 * library's unrelated code together would turn every static initializer into an alarm. Besides calls, it
 * follows the static initializers of classes the code uses (for registered classes; a plain static
 * initializer is its own entry point), and the {@code run()} / {@code call()} / lambda bodies of callbacks
 * that the same method hands to a thread, an executor, a shutdown hook or {@code doPrivileged}.
 */
final class ReachableCalls {
  /** Superclass and interface chains longer than this are hostile or broken; the walk stops there. */
  private static final int MAX_HIERARCHY = 64;
  /** The methods of the JDK's functional interfaces, which a created callback object is run through. */
  private static final Set<String> CALLBACK_METHODS = Set.of("run", "call", "get", "apply", "accept", "test");

  private final JarContents jar;
  private final int maxDepth;
  private final ArchiveWalker walker;
  private final Map<String, List<MethodModel>> resolved = new HashMap<>();
  private final FlowOrigins origins;

  ReachableCalls(JarContents jar, int maxDepth, ArchiveWalker walker) {
    this.jar = jar;
    this.maxDepth = maxDepth;
    this.walker = walker;
    this.origins = new FlowOrigins(jar, this);
  }

  int maxDepth() {
    return maxDepth;
  }

  Reach from(EntryPoint entry) {
    Reach reach = new Reach();
    boolean classInit = entry.trigger() != Trigger.STATIC_INITIALIZER;
    Map<MethodModel, Integer> depth = new IdentityHashMap<>();
    Map<MethodModel, MethodModel> rootOf = new IdentityHashMap<>();
    Map<MethodModel, List<CallSite>> incoming = new IdentityHashMap<>();
    ArrayDeque<MethodModel> queue = new ArrayDeque<>();
    List<MethodModel> order = new ArrayList<>();
    for (MethodModel method : entryMethods(entry)) {
      if (depth.putIfAbsent(method, 0) == null) {
        rootOf.put(method, method);
        queue.add(method);
      }
    }
    while (!queue.isEmpty()) {
      if ((order.size() & 255) == 255 && walker.outOfTime()) {
        break; // the walker records the analysis-limit finding
      }
      MethodModel method = queue.poll();
      order.add(method);
      int d = depth.get(method);
      MethodModel root = rootOf.get(method);
      for (Site site : method.sites) {
        reach.add(site, method, root, d);
      }
      for (MethodModel target : edges(method, classInit, reach, root, d, incoming)) {
        if (depth.containsKey(target)) {
          continue;
        }
        if (d + 1 > maxDepth) {
          reach.depthCut = true;
          continue;
        }
        depth.put(target, d + 1);
        rootOf.put(target, root);
        queue.add(target);
      }
    }
    for (MethodModel method : order) {
      for (FlowSink flow : method.flows) {
        if (origins.live(flow, incoming.getOrDefault(method, List.of()))) {
          reach.add(new Site(flow.fact(), flow.line(), flow.excerpt()), method, rootOf.get(method), depth.get(method));
        }
      }
    }
    return reach;
  }

  /**
   * The methods the entry point's loader runs: its own and inherited ones, and the static initializers of
   * its superclasses in the jar (a plain static initializer is only its own: superclasses have theirs).
   */
  List<MethodModel> entryMethods(EntryPoint entry) {
    List<MethodModel> methods = new ArrayList<>();
    Set<String> overridden = new HashSet<>();
    String current = entry.internalName();
    for (int step = 0; step < MAX_HIERARCHY && current != null && jar.contains(current); step++) {
      boolean own = current.equals(entry.internalName());
      Set<String> declaredHere = new HashSet<>();
      for (ClassModel model : jar.variants(current)) {
        for (MethodModel method : model.methods.values()) {
          String signature = method.name + method.desc;
          declaredHere.add(signature);
          if (method.name.equals("<clinit>")) {
            if (own || entry.trigger() != Trigger.STATIC_INITIALIZER) {
              methods.add(method);
            }
          } else if ((own || !method.name.equals("<init>")) && !overridden.contains(signature) && entry.runs(method)) {
            // a superclass's constructor runs only when the class's own constructor calls it
            methods.add(method);
          }
        }
      }
      overridden.addAll(declaredHere);
      current = jar.variants(current).get(0).superName;
    }
    if (entry.registrations().stream().anyMatch(r -> r.role() == EntryRole.LINT_REGISTRY)) {
      Set<MethodModel> listed = Collections.newSetFromMap(new IdentityHashMap<>());
      listed.addAll(methods);
      for (ClassModel model : jar.sorted()) {
        for (MethodModel method : model.methods.values()) {
          if ((method.access & Opcodes.ACC_ABSTRACT) == 0 && listed.add(method)) {
            methods.add(method); // a detector lint runs, named by class literal in an issue
          }
        }
      }
    }
    return methods;
  }

  private List<MethodModel> edges(MethodModel method, boolean classInit, Reach reach, MethodModel root, int depth,
      Map<MethodModel, List<CallSite>> incoming) {
    List<MethodModel> targets = new ArrayList<>();
    for (CallSite call : method.calls) {
      List<MethodModel> callees = resolve(call.owner(), call.name(), call.desc(), call.kind());
      if (callees.isEmpty()) {
        inheritedFromJdk(call, method, reach, root, depth, targets);
      }
      for (MethodModel callee : callees) {
        targets.add(callee);
        if (call.carriesArguments()) {
          incoming.computeIfAbsent(callee, k -> new ArrayList<>()).add(call);
        }
      }
    }
    if (classInit) {
      for (String used : method.initializes) {
        targets.addAll(initializers(used));
      }
    }
    if (method.runsCallbacks) {
      for (MethodRef lambda : method.lambdas) {
        targets.addAll(resolve(lambda.owner(), lambda.name(), lambda.desc(), lambda.kind()));
      }
      for (String created : method.instantiates) {
        targets.addAll(named(created, CALLBACK_METHODS));
      }
    }
    for (MethodRef reflected : method.reflects) {
      targets.addAll(named(reflected.owner(), Set.of(reflected.name())));
    }
    return targets;
  }

  /**
   * A call the jar's classes do not declare lands in the JDK class they extend: {@code MySocket.connect}
   * is {@code Socket.connect}, and {@code MyThread.start} runs {@code MyThread.run}.
   */
  private void inheritedFromJdk(CallSite call, MethodModel method, Reach reach, MethodModel root, int depth,
      List<MethodModel> targets) {
    String jdk = firstOutsideJar(call.owner());
    if (jdk == null || jdk.equals(call.owner())) {
      return;
    }
    if (jdk.equals("java/lang/Thread") && call.name().equals("start") && call.desc().equals("()V")) {
      targets.addAll(resolve(call.owner(), "run", "()V", CallSite.Dispatch.VIRTUAL));
      return;
    }
    Fact fact = switch (SensitiveApis.roleOf(jdk, call.name(), call.desc())) {
      case PROCESS_SPAWN -> Fact.PROCESS_SPAWN;
      case NETWORK -> Fact.NETWORK;
      case DNS -> Fact.DNS;
      case NATIVE_LOAD -> Fact.NATIVE_LOAD;
      case CLASS_DEFINITION -> Fact.CLASS_DEFINITION;
      case CLASS_LOADER -> Fact.CLASS_LOADER;
      case SCRIPT_EVAL -> Fact.SCRIPT_EVAL;
      default -> null;
    };
    if (fact != null) {
      reach.add(new Site(fact, call.line(), jdk + '.' + call.name()), method, root, depth);
    }
  }

  /**
   * The methods named one of {@code names}, whatever their descriptors, that {@code owner} declares or
   * inherits from its nearest superclass in the jar declaring any of them.
   */
  private List<MethodModel> named(String owner, Set<String> names) {
    List<MethodModel> out = new ArrayList<>();
    String current = owner;
    for (int step = 0; step < MAX_HIERARCHY && current != null && jar.contains(current) && out.isEmpty(); step++) {
      for (ClassModel model : jar.variants(current)) {
        for (MethodModel method : model.methods.values()) {
          if (names.contains(method.name) && (method.access & Opcodes.ACC_ABSTRACT) == 0) {
            out.add(method);
          }
        }
      }
      current = jar.variants(current).get(0).superName;
    }
    return out;
  }

  /** The first superclass of {@code owner} that is not in the jar, or null when the chain is broken. */
  private String firstOutsideJar(String owner) {
    String current = owner;
    for (int step = 0; step < MAX_HIERARCHY && current != null; step++) {
      if (!jar.contains(current)) {
        return current;
      }
      current = jar.variants(current).get(0).superName;
    }
    return null;
  }

  /** The static initializers that run when {@code owner} is first used: its own and its superclasses'. */
  private List<MethodModel> initializers(String owner) {
    List<MethodModel> out = new ArrayList<>();
    String current = owner;
    for (int step = 0; step < MAX_HIERARCHY && current != null && jar.contains(current); step++) {
      for (ClassModel model : jar.variants(current)) {
        MethodModel init = model.method("<clinit>", "()V");
        if (init != null) {
          out.add(init);
        }
      }
      current = jar.variants(current).get(0).superName;
    }
    return out;
  }

  /** The jar's methods a call may land in; empty when the owner is not in the jar. */
  List<MethodModel> resolve(String owner, String name, String desc, CallSite.Dispatch kind) {
    if (!jar.contains(owner)) {
      return List.of();
    }
    String key = kind.ordinal() + owner + '.' + name + desc;
    List<MethodModel> cached = resolved.get(key);
    if (cached == null) {
      cached = lookUp(owner, name, desc, kind);
      resolved.put(key, cached);
    }
    return cached;
  }

  private List<MethodModel> lookUp(String owner, String name, String desc, CallSite.Dispatch kind) {
    List<MethodModel> found = new ArrayList<>();
    List<String> interfaces = new ArrayList<>();
    String current = owner;
    for (int step = 0; step < MAX_HIERARCHY && current != null && jar.contains(current); step++) {
      for (ClassModel model : jar.variants(current)) {
        MethodModel method = model.method(name, desc);
        if (method != null) {
          found.add(method);
        }
        interfaces.addAll(model.interfaces);
      }
      if (!found.isEmpty() || name.equals("<init>") || kind == CallSite.Dispatch.INTERFACE) {
        break;
      }
      current = jar.variants(current).get(0).superName;
    }
    if (found.isEmpty() && kind != CallSite.Dispatch.STATIC && !name.equals("<init>")) {
      defaultMethod(interfaces, name, desc, found);
    }
    return List.copyOf(found);
  }

  /** The first default method {@code name + desc} among {@code interfaces} and their superinterfaces. */
  private void defaultMethod(List<String> interfaces, String name, String desc, List<MethodModel> found) {
    ArrayDeque<String> queue = new ArrayDeque<>(interfaces);
    Set<String> seen = new HashSet<>();
    while (!queue.isEmpty() && seen.size() < MAX_HIERARCHY) {
      String current = queue.poll();
      if (!seen.add(current)) {
        continue;
      }
      for (ClassModel model : jar.variants(current)) {
        MethodModel method = model.method(name, desc);
        if (method != null) {
          found.add(method);
          return;
        }
        queue.addAll(model.interfaces);
      }
    }
  }
}
