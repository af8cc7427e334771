package dev.gatehouse.analyzer.npm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of one JavaScript file recovered from its tokens: matching brackets, function scopes with
 * the names each declares, and which scopes run when the file is loaded.
 *
 * <p>"Runs when loaded" is the file's top level, the bodies of functions invoked there (IIFEs, UMD
 * wrappers, {@code !function(){}()}, callbacks handed directly to a call made at load such as {@code
 * forEach} or {@code setTimeout}, functions called by name), and modules of bundles (functions stored in
 * an array or under a quoted key). It is an over-approximation, followed to a bounded depth: code that a
 * package only runs when the application calls it stays out, and a payload hidden one call deep does not.
 */
final class JsStructure {
  private static final Set<String> NOT_CALLEES = Set.of(
      "if", "for", "while", "switch", "catch", "with", "function", "return", "typeof", "void", "delete",
      "in", "of", "instanceof", "case", "do", "else", "new", "throw", "yield", "await");

  private static final Set<String> INVOKERS = Set.of(
      "forEach", "map", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex", "flatMap", "sort",
      "call", "apply", "then", "catch", "finally", "setTimeout", "setInterval", "setImmediate", "nextTick",
      "queueMicrotask", "Promise", "define", "each", "from", "replace", "run", "task");

  /** One function: its scope is [start, end]; the body is [bodyOpen, end]. */
  record Fn(int start, int paramsOpen, int paramsClose, int bodyOpen, int end, String name, boolean declaration) {}

  final JsTokens t;
  /** The index of the matching bracket of each bracket token, or -1. */
  final int[] match;
  /** The innermost open bracket around each token, or -1. */
  final int[] enclosing;
  /** Functions in source order; scope id {@code k + 1} is function {@code k}, scope 0 is the file. */
  final List<Fn> functions = new ArrayList<>();
  /** The innermost scope of each token. */
  final int[] scopeOf;
  /** The parent scope of each scope; -1 for the file. */
  int[] parent;
  /** Whether each scope runs when the file is loaded. */
  boolean[] executed;
  private final Map<Integer, Set<String>> declared = new HashMap<>();
  /** Where each scope's declared-by-name function is bound, for "called by name". */
  private final Map<Integer, int[]> namedIn = new HashMap<>();

  JsStructure(JsTokens tokens, int maxPasses) {
    this.t = tokens;
    int n = tokens.size();
    match = new int[n];
    enclosing = new int[n];
    scopeOf = new int[n];
    matchBrackets();
    findFunctions();
    assignScopes();
    findDeclarations();
    findExecuted(maxPasses);
  }

  /** The scope of token {@code i}. */
  int scope(int i) {
    return scopeOf[i];
  }

  boolean runsAtLoad(int i) {
    return executed[scopeOf[i]];
  }

  /** The scope whose declaration {@code name} at token {@code at} refers to; 0 when none declares it. */
  int resolve(String name, int at) {
    for (int s = scopeOf[at]; s > 0; s = parent[s]) {
      Set<String> names = declared.get(s);
      if (names != null && names.contains(name)) {
        return s;
      }
    }
    return 0;
  }

  /** True when some scope around token {@code at}, the file's included, declares {@code name}. */
  boolean isDeclared(String name, int at) {
    for (int s = scopeOf[at]; s >= 0; s = parent[s]) {
      Set<String> names = declared.get(s);
      if (names != null && names.contains(name)) {
        return true;
      }
    }
    return false;
  }

  void declare(int scope, String name) {
    declared.computeIfAbsent(scope, k -> new HashSet<>()).add(name);
  }

  private void matchBrackets() {
    Arrays.fill(match, -1);
    ArrayDeque<Integer> open = new ArrayDeque<>();
    for (int i = 0; i < t.size(); i++) {
      enclosing[i] = open.isEmpty() ? -1 : open.peek();
      if (t.kind(i) != JsTokens.Kind.PUNCT) {
        continue;
      }
      if (t.is(i, "(") || t.is(i, "[") || t.is(i, "{") || t.is(i, "${")) {
        open.push(i);
      } else if (t.is(i, ")") || t.is(i, "]") || t.is(i, "}")) {
        if (!open.isEmpty() && pairs(open.peek(), i)) {
          int o = open.pop();
          match[o] = i;
          match[i] = o;
        }
      }
    }
  }

  private boolean pairs(int open, int close) {
    char c = t.source().charAt(t.start(close));
    return switch (c) {
      case ')' -> t.is(open, "(");
      case ']' -> t.is(open, "[");
      default -> t.is(open, "{") || t.is(open, "${");
    };
  }

  private void findFunctions() {
    for (int i = 0; i < t.size(); i++) {
      if (t.isIdent(i) && t.is(i, "function") && !t.is(i - 1, ".")) {
        functionKeyword(i);
      } else if (t.is(i, "=>")) {
        arrow(i);
      } else if ((t.isIdent(i) && !NOT_CALLEES.contains(t.text(i)) || t.isString(i)) && t.is(i + 1, "(")) {
        method(i);
      }
    }
    functions.sort(Comparator.comparingInt(Fn::start));
  }

  private void functionKeyword(int i) {
    int j = i + 1;
    if (t.is(j, "*")) {
      j++;
    }
    String name = null;
    if (t.isIdent(j)) {
      name = t.text(j);
      j++;
    }
    if (!t.is(j, "(") || match[j] < 0 || !t.is(match[j] + 1, "{") || match[match[j] + 1] < 0) {
      return;
    }
    int start = t.is(i - 1, "async") ? i - 1 : i;
    int prev = start - 1;
    boolean declaration = name != null
        && (prev < 0 || t.is(prev, ";") || t.is(prev, "{") || t.is(prev, "}") || t.is(prev, "export"));
    functions.add(new Fn(start, j, match[j], match[j] + 1, match[match[j] + 1], name, declaration));
  }

  private void arrow(int i) {
    int paramsOpen;
    int paramsClose;
    if (t.is(i - 1, ")") && match[i - 1] >= 0) {
      paramsOpen = match[i - 1];
      paramsClose = i - 1;
    } else if (t.isIdent(i - 1)) {
      paramsOpen = i - 1;
      paramsClose = i - 1;
    } else {
      return;
    }
    int start = t.is(paramsOpen - 1, "async") ? paramsOpen - 1 : paramsOpen;
    int body = i + 1;
    if (t.is(body, "{") && match[body] > 0) {
      functions.add(new Fn(start, paramsOpen, paramsClose, body, match[body], null, false));
    } else if (body < t.size()) {
      functions.add(new Fn(start, paramsOpen, paramsClose, body, expressionEnd(body), null, false));
    }
  }

  /** A method definition {@code name(params) {body}} in a class or object literal. */
  private void method(int i) {
    int close = match[i + 1];
    if (close < 0 || !t.is(close + 1, "{") || match[close + 1] < 0) {
      return;
    }
    int prev = i - 1;
    if (t.is(prev, "get") || t.is(prev, "set") || t.is(prev, "static") || t.is(prev, "async") || t.is(prev, "*")) {
      prev--;
    }
    if (prev >= 0 && !(t.is(prev, "{") || t.is(prev, ",") || t.is(prev, ";") || t.is(prev, "}"))) {
      return;
    }
    functions.add(new Fn(i, i + 1, close, close + 1, match[close + 1], null, false));
  }

  /** The last token of the expression starting at {@code from}: stops at a separator or a new statement. */
  int expressionEnd(int from) {
    int i = from;
    int last = from;
    while (i < t.size()) {
      if (t.is(i, ",") || t.is(i, ";") || t.is(i, ")") || t.is(i, "]") || t.is(i, "}")) {
        return last;
      }
      if (i > from && t.line(i) > t.line(last) && endsValue(last) && startsStatement(i)) {
        return last; // automatic semicolon insertion
      }
      last = match[i] > i ? match[i] : i;
      i = last + 1;
    }
    return Math.min(last, t.size() - 1);
  }

  private boolean endsValue(int i) {
    JsTokens.Kind k = t.kind(i);
    return k == JsTokens.Kind.IDENT || k == JsTokens.Kind.NUMBER || k == JsTokens.Kind.STRING
        || k == JsTokens.Kind.TEMPLATE || k == JsTokens.Kind.REGEX
        || t.is(i, ")") || t.is(i, "]") || t.is(i, "}");
  }

  private boolean startsStatement(int i) {
    return t.isIdent(i) && !t.is(i, "instanceof") && !t.is(i, "in") && !t.is(i, "of");
  }

  private void assignScopes() {
    int count = functions.size();
    parent = new int[count + 1];
    parent[0] = -1;
    ArrayDeque<Integer> open = new ArrayDeque<>();
    int next = 0;
    for (int i = 0; i < t.size(); i++) {
      while (!open.isEmpty() && functions.get(open.peek() - 1).end() < i) {
        open.pop();
      }
      while (next < count && functions.get(next).start() <= i) {
        while (!open.isEmpty() && functions.get(open.peek() - 1).end() < functions.get(next).start()) {
          open.pop();
        }
        parent[next + 1] = open.isEmpty() ? 0 : open.peek();
        open.push(next + 1);
        next++;
      }
      scopeOf[i] = open.isEmpty() ? 0 : open.peek();
    }
  }

  private void findDeclarations() {
    for (int i = 0; i < t.size(); i++) {
      if (!t.isIdent(i) || t.is(i - 1, ".")) {
        continue;
      }
      if (t.is(i, "var") || t.is(i, "let") || t.is(i, "const")) {
        declarators(i + 1, scopeOf[i]);
      } else if ((t.is(i, "class") && t.isIdent(i + 1)) || (t.is(i, "catch") && t.is(i + 1, "(") && t.isIdent(i + 2))) {
        declare(scopeOf[i], t.text(t.is(i, "class") ? i + 1 : i + 2));
      }
    }
    for (int k = 0; k < functions.size(); k++) {
      Fn f = functions.get(k);
      int scope = k + 1;
      for (int i = f.paramsOpen(); i <= f.paramsClose(); i++) {
        if (t.isIdent(i) && !t.is(i - 1, ".") && !t.is(i + 1, ":")) {
          declare(scope, t.text(i));
        }
      }
      if (f.name() != null) {
        int home = f.declaration() ? parent[scope] : scope;
        declare(home, f.name());
        namedIn.put(scope, new int[] {home});
      }
    }
    for (int k = 0; k < functions.size(); k++) {
      Fn f = functions.get(k);
      if (f.name() == null && t.is(f.start() - 1, "=") && t.isIdent(f.start() - 2)) {
        namedIn.put(k + 1, new int[] {resolve(t.text(f.start() - 2), f.start() - 2)});
      }
    }
  }

  /** Declares the names of {@code a = 1, {b, c: d} = x, [e] = y} starting at {@code i}. */
  private void declarators(int i, int scope) {
    for (int guard = 0; guard < 1000 && i < t.size(); guard++) {
      if (t.isIdent(i)) {
        declare(scope, t.text(i));
        i++;
      } else if ((t.is(i, "{") || t.is(i, "[")) && match[i] > i) {
        for (int j = i + 1; j < match[i]; j++) {
          if (t.isIdent(j) && !t.is(j + 1, ":") && !t.is(j - 1, ".") && !t.is(j - 1, "=")) {
            declare(scope, t.text(j));
          }
        }
        i = match[i] + 1;
      } else {
        return;
      }
      if (t.is(i, "=")) {
        i = expressionEnd(i + 1) + 1;
      }
      if (!t.is(i, ",")) {
        return;
      }
      i++;
    }
  }

  /** The scope that holds the name {@link #calledName} of function scope {@code scope}, or -1. */
  int nameHome(int scope) {
    int[] home = namedIn.get(scope);
    return home == null ? -1 : home[0];
  }

  /** The name a function is called by: its own, or the variable it is assigned to; null for neither. */
  String calledName(int scope) {
    Fn f = functions.get(scope - 1);
    if (f.name() != null) {
      return f.name();
    }
    return t.is(f.start() - 1, "=") && t.isIdent(f.start() - 2) ? t.text(f.start() - 2) : null;
  }

  private void findExecuted(int maxPasses) {
    int count = functions.size();
    executed = new boolean[count + 1];
    executed[0] = true;
    Map<String, List<Integer>> callsByName = new HashMap<>();
    for (int i = 0; i + 1 < t.size(); i++) {
      if (t.isIdent(i) && !t.is(i - 1, ".") && (t.is(i + 1, "(")
          || (t.is(i + 1, ".") && (t.is(i + 2, "call") || t.is(i + 2, "apply"))))) {
        callsByName.computeIfAbsent(t.text(i), k -> new ArrayList<>()).add(i);
      }
    }
    for (int pass = 0; pass < maxPasses; pass++) {
      boolean changed = false;
      for (int s = 1; s <= count; s++) {
        if (!executed[s] && executed[parent[s]] && runsWhenParentRuns(s, callsByName)) {
          executed[s] = true;
          changed = true;
        }
      }
      if (!changed) {
        return;
      }
    }
  }

  private boolean runsWhenParentRuns(int scope, Map<String, List<Integer>> callsByName) {
    Fn f = functions.get(scope - 1);
    int after = f.end() + 1;
    if (t.is(f.bodyOpen(), "{") && !f.declaration() && (t.is(after, "(") || isCallOrApply(after))) {
      return true; // function(){...}() and function(){...}.call(this)
    }
    if (t.is(after, ")") && match[after] == f.start() - 1 && (t.is(after + 1, "(") || isCallOrApply(after + 1))) {
      return true; // (function(){...})() and (() => {...})()
    }
    int prev = f.start() - 1;
    int bracket = prev >= 0 ? enclosing[f.start()] : -1;
    if ((t.is(prev, "(") || t.is(prev, ",")) && t.is(bracket, "(") && runsItsCallbacks(bracket)) {
      return true; // a callback handed to a call that runs it: forEach, then, setTimeout, a UMD wrapper
    }
    if ((t.is(prev, "[") || t.is(prev, ",")) && t.is(bracket, "[")) {
      return true; // a module in a bundle's module array
    }
    if (t.is(prev, ":") && (t.isString(prev - 1) || t.kind(Math.max(prev - 1, 0)) == JsTokens.Kind.NUMBER)
        && t.is(enclosing[f.start()], "{")) {
      return true; // a module in a bundle's module map, keyed by path or id
    }
    int object = enclosing[f.start()];
    if (t.isString(f.start()) && t.is(object, "{") && t.is(object - 1, "(") && isCallParen(object - 1)) {
      return true; // esbuild's __commonJS({ "path/x.js"(exports, module) {...} }): run when required
    }
    String name = calledName(scope);
    int[] home = namedIn.get(scope);
    if (name != null && home != null) {
      for (int call : callsByName.getOrDefault(name, List.of())) {
        if ((call < f.start() || call > f.end()) && executed[scopeOf[call]] && resolve(name, call) == home[0]) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean isCallOrApply(int i) {
    return t.is(i, ".") && (t.is(i + 1, "call") || t.is(i + 1, "apply")) && t.is(i + 2, "(");
  }

  /**
   * True when the call whose arguments open at {@code open} runs a function handed to it soon: array
   * iteration, promise callbacks, timers, AMD {@code define}, {@code new Promise}, or an expression
   * called directly (the factory of a UMD wrapper). Registering a handler ({@code on}, {@code push})
   * runs nothing at load.
   */
  private boolean runsItsCallbacks(int open) {
    int callee = open - 1;
    if (t.is(callee, ")")) {
      return true;
    }
    return t.isIdent(callee) && INVOKERS.contains(t.text(callee));
  }

  /** True when the parenthesis at {@code open} holds the arguments of a call or {@code new}. */
  boolean isCallParen(int open) {
    int callee = open - 1;
    if (callee < 0) {
      return false;
    }
    if (t.isIdent(callee)) {
      return !NOT_CALLEES.contains(t.text(callee)) || t.is(callee, "new");
    }
    return t.is(callee, ")") || t.is(callee, "]");
  }
}
