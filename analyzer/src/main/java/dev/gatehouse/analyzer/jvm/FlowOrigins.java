package dev.gatehouse.analyzer.jvm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a {@link FlowSink} is live in the code reached from one entry point, one level out:
 * a direct caller passes a tainted argument, the callee whose result reaches the sink returns one, or
 * the field it was read from is written with one anywhere in the jar. Deeper chains are not followed,
 * which keeps the answer cheap and local at the price of missing long laundering chains.
 */
final class FlowOrigins {
  private final JarContents jar;
  private final ReachableCalls calls;
  private Map<String, Integer> fieldTaints;

  FlowOrigins(JarContents jar, ReachableCalls calls) {
    this.jar = jar;
    this.calls = calls;
  }

  /** True when an origin of the sink's argument carries one of the bits the sink needs. */
  boolean live(FlowSink flow, List<CallSite> callers) {
    if (flow.params() != 0) {
      for (CallSite caller : callers) {
        for (int i = 0; i < 31; i++) {
          if ((flow.params() & (1 << i)) != 0 && (argumentTaint(caller, i) & flow.needed()) != 0) {
            return true;
          }
        }
      }
    }
    if (flow.fromCall() != null && (returnTaint(flow.fromCall()) & flow.needed()) != 0) {
      return true;
    }
    return flow.fromField() != null && (fieldTaint(flow.fromField()) & flow.needed()) != 0;
  }

  private int argumentTaint(CallSite caller, int index) {
    CallSite call = caller.argCall(index);
    String field = caller.argField(index);
    return caller.argTaint(index) | (call == null ? 0 : returnTaint(call)) | (field == null ? 0 : fieldTaint(field));
  }

  /** What the methods a call lands in return. */
  private int returnTaint(CallSite call) {
    int taint = 0;
    for (MethodModel callee : calls.resolve(call.owner(), call.name(), call.desc(), call.kind())) {
      taint |= callee.returnTaint;
    }
    return taint;
  }

  /**
   * What any method of the jar writes into {@code field}: directly, as a call's result, or as a parameter
   * its callers fill (how a lambda or an anonymous class keeps a captured variable).
   */
  private int fieldTaint(String field) {
    if (fieldTaints == null) {
      Map<String, Integer> all = new HashMap<>();
      for (MethodModel method : jar.allMethods()) {
        method.fieldTaints.forEach((name, taint) -> all.merge(name, taint, (a, b) -> a | b));
        method.fieldCalls.forEach((name, call) -> all.merge(name, returnTaint(call), (a, b) -> a | b));
        for (CallSite call : method.calls) {
          if (call.carriesArguments()) {
            for (MethodModel callee : calls.resolve(call.owner(), call.name(), call.desc(), call.kind())) {
              callee.fieldParams.forEach((name, params) -> all.merge(name, passed(call, params), (a, b) -> a | b));
            }
          }
        }
      }
      fieldTaints = all;
    }
    return fieldTaints.getOrDefault(field, 0);
  }

  /** What {@code call} passes in the parameters {@code params}, without looking into fields again. */
  private int passed(CallSite call, int params) {
    int taint = 0;
    for (int i = 0; i < 31; i++) {
      if ((params & (1 << i)) != 0) {
        CallSite origin = call.argCall(i);
        taint |= call.argTaint(i) | (origin == null ? 0 : returnTaint(origin));
      }
    }
    return taint;
  }
}
