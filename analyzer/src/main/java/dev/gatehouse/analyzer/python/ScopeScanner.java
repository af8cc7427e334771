package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.python.Expressions.Chain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scans the statements of one scope in order, tracking imports and assignments in its {@link Scope},
 * and records what the scope does into a {@link ScopeSummary.Builder}: capabilities shown directly
 * ({@link CallRules}), calls that may lead into the artifact's own code, imports, files run with
 * {@code exec}.
 *
 * <p>Function and method bodies are never scanned in place, since they run only when called: each is
 * handed to {@link #deferred()} under its qualified name ({@code f}, {@code Class.method}, {@code
 * outer.inner} for a nested function) and becomes its own scope, reached through calls of that name.
 * Class bodies (at module level), decorators and default values run when their statement runs and are
 * scanned in place; so are class bodies inside functions. Code after {@code if __name__ == "__main__":}
 * is skipped unless the file runs as a script, and so is code under {@code if TYPE_CHECKING:}. Not
 * thread-safe.
 */
final class ScopeScanner {
  /** A function or method body, to be scanned as its own scope. */
  record Deferred(String qualifier, Statement definition) {}

  final SourceFile file;
  final Scope scope;
  final ScopeSummary.Builder out;
  final Inspector inspector;
  final String[] lines;
  /** How deep in literal or decoded code this scanner is (0 for the file itself). */
  final int depth;
  /** For code decoded from a literal: the line of the literal in the file, given to every finding. */
  final int lineOverride;
  private final boolean moduleLevel;
  private final String qualifier;
  private final List<Deferred> deferred;
  private final Map<String, List<String>> classes;
  private final CallRules calls;
  private final ImportStatements imports;
  private final Assignments assignments;

  ScopeScanner(SourceFile file, Scope scope, ScopeSummary.Builder out, Inspector inspector, String[] lines,
      int depth, int lineOverride, boolean moduleLevel, String qualifier, List<Deferred> deferred,
      Map<String, List<String>> classes) {
    this.file = file;
    this.scope = scope;
    this.out = out;
    this.inspector = inspector;
    this.lines = lines;
    this.depth = depth;
    this.lineOverride = lineOverride;
    this.moduleLevel = moduleLevel;
    this.qualifier = qualifier;
    this.deferred = deferred;
    this.classes = classes;
    this.calls = new CallRules(this);
    this.imports = new ImportStatements(this);
    this.assignments = new Assignments(this);
  }

  List<Deferred> deferred() {
    return deferred;
  }

  void statements(List<Statement> statements) {
    for (Statement s : statements) {
      statement(s);
    }
  }

  private void statement(Statement s) {
    List<PythonToken> t = s.tokens();
    if (tooDeep(t)) {
      return; // CPython refuses the whole file ("too many nested parentheses"): this code cannot run
    }
    switch (s.kind()) {
      case SIMPLE -> simple(s);
      case DEF -> definition(s);
      case CLASS -> classDefinition(s);
      case IF, ELIF -> {
        scan(t, 1, t.size());
        if (!neverRuns(t)) {
          statements(s.body());
        }
      }
      case FOR -> loop(s);
      case WITH -> with(s);
      default -> {
        scan(t, 1, t.size());
        statements(s.body());
      }
    }
  }

  /**
   * True for the guards whose body does not run on import: {@code if __name__ == "__main__"} (also as one
   * operand of {@code and}; unless the file runs as a script), {@code if TYPE_CHECKING}, {@code if False}.
   */
  private boolean neverRuns(List<PythonToken> t) {
    if (t.size() == 2 && (t.get(1).is("TYPE_CHECKING") || t.get(1).is("False") || t.get(1).text().equals("0"))) {
      return true;
    }
    if (t.size() == 4 && t.get(1).is("typing") && t.get(3).is("TYPE_CHECKING")) {
      return true;
    }
    if (depthZero(t, 1, t.size(), "or") > 0) {
      return false;
    }
    if (file.runsAsMain()) {
      return maintainerCommand(t);
    }
    for (int i = 1; i + 2 < t.size(); i++) {
      PythonToken a = t.get(i);
      PythonToken b = t.get(i + 2);
      if (t.get(i + 1).is("==") && ((a.is("__name__") && isMain(b)) || (b.is("__name__") && isMain(a)))) {
        return true;
      }
    }
    return false;
  }

  /** Commands pip runs a setup script with; any other {@code sys.argv} test guards a maintainer's shortcut. */
  private static final java.util.Set<String> PIP_COMMANDS = java.util.Set.of(
      "egg_info", "dist_info", "bdist_wheel", "build", "build_ext", "build_py", "build_clib", "build_scripts",
      "install", "install_lib", "install_scripts", "install_data", "develop", "editable_wheel", "sdist", "clean");

  /**
   * {@code if sys.argv[-1] == "publish":} or {@code if "upload" in sys.argv:} in a setup script: the body
   * runs only when a maintainer types that command, never when pip builds or installs.
   */
  private boolean maintainerCommand(List<PythonToken> t) {
    boolean argv = false;
    String command = null;
    for (int i = 1; i < t.size(); i++) {
      if (t.get(i).is("argv") && i >= 2 && t.get(i - 1).is(".") && t.get(i - 2).is("sys")) {
        argv = true;
      } else if (t.get(i).isConstantString()) {
        command = t.get(i).value();
      } else if (t.get(i).is("not") || t.get(i).is("!=")) {
        return false;
      }
    }
    return argv && command != null && !command.isEmpty() && !command.startsWith("-")
        && !PIP_COMMANDS.contains(command);
  }

  private static boolean isMain(PythonToken t) {
    return t.isConstantString() && t.value().equals("__main__");
  }

  private void definition(Statement s) {
    List<PythonToken> t = s.tokens();
    int nameAt = t.get(0).is("async") ? 2 : 1;
    if (nameAt >= t.size()) {
      return;
    }
    String name = t.get(nameAt).text();
    scan(t, nameAt + 1, t.size()); // default values and annotations run when the def runs
    if (moduleLevel && !qualifier.isEmpty()) {
      deferred.add(new Deferred(qualifier + name, s)); // a method: reached through its class
    } else {
      // A function runs when called, and a nested one (a closure, a decorator's wrapper) only when its
      // enclosing function calls it by name: each is its own scope, reached through that name.
      deferred.add(new Deferred(qualifier + name, s));
      scope.alias(name, qualified(qualifier + name));
    }
  }

  private void classDefinition(Statement s) {
    List<PythonToken> t = s.tokens();
    if (t.size() < 2) {
      return;
    }
    String name = t.get(1).text();
    List<String> bases = new ArrayList<>();
    if (t.size() > 2 && t.get(2).is("(")) {
      int close = Expressions.close(t, 2, t.size());
      for (int[] arg : Expressions.split(t, 3, close)) {
        if (Expressions.keyword(t, arg) == null && Expressions.chainStart(t, arg[0])) {
          Chain base = Expressions.chain(t, arg[0], arg[1], scope);
          bases.add(base.qualified() != null ? base.qualified() : String.join(".", base.parts()));
        }
      }
      scan(t, 2, t.size());
    }
    if (moduleLevel) {
      if (qualifier.isEmpty()) {
        scope.alias(name, qualified(name));
      }
      classes.put(qualifier + name, bases);
      new ScopeScanner(file, scope, out, inspector, lines, depth, lineOverride, true, qualifier + name + ".",
          deferred, classes).statements(s.body());
    } else {
      scope.local(name);
      statements(s.body());
    }
  }

  String qualified(String name) {
    return file.module().isEmpty() ? name : file.module() + "." + name;
  }

  static List<String> parameters(List<PythonToken> header, int from) {
    List<String> names = new ArrayList<>();
    if (from >= header.size() || !header.get(from).is("(")) {
      return names;
    }
    int close = Expressions.close(header, from, header.size());
    for (int[] arg : Expressions.split(header, from + 1, close)) {
      int i = arg[0];
      while (i < arg[1] && (header.get(i).is("*") || header.get(i).is("**"))) {
        i++;
      }
      if (i < arg[1] && header.get(i).isName()) {
        names.add(header.get(i).text());
      }
    }
    return names;
  }

  private void loop(Statement s) {
    List<PythonToken> t = s.tokens();
    int forAt = t.get(0).is("async") ? 1 : 0;
    boolean filtered = !s.body().isEmpty() && (s.body().get(0).kind() == Statement.Kind.IF)
        && EnvironmentUse.filters(s.body().get(0).tokens(), 1, s.body().get(0).tokens().size());
    calls.environment().iteration(t, forAt, t.size(), filtered);
    int in = depthZero(t, forAt + 1, t.size(), "in");
    scan(t, in > 0 ? in + 1 : forAt + 1, t.size());
    if (in > 0) {
      for (int i = forAt + 1; i < in; i++) {
        if (t.get(i).isName() && !Expressions.KEYWORDS.contains(t.get(i).text())) {
          scope.local(t.get(i).text());
        }
      }
    }
    statements(s.body());
  }

  private void with(Statement s) {
    List<PythonToken> t = s.tokens();
    int from = t.get(0).is("async") ? 2 : 1;
    int to = t.size();
    if (from < to && t.get(from).is("(") && Expressions.close(t, from, to) == to - 1) {
      from++;
      to--; // with (a as b, c as d):
    }
    scan(t, from, to);
    for (int[] item : Expressions.split(t, from, to)) {
      int as = depthZero(t, item[0], item[1], "as");
      if (as > 0 && as + 1 < item[1] && t.get(as + 1).isName() && as + 2 == item[1]) {
        assignments.bind(t.get(as + 1).text(), t, item[0], as);
      }
    }
    statements(s.body());
  }

  private void simple(Statement s) {
    List<PythonToken> t = s.tokens();
    PythonToken first = t.get(0);
    if (s.lead() >= CallRules.HIDDEN_GAP) {
      hit(Capability.OBFUSCATION, first.line(),
          "code pushed %d columns right, out of view, after a semicolon".formatted(s.lead()));
    }
    switch (first.text()) {
      case "import" -> {
        if (first.isName()) {
          imports.imports(t);
          return;
        }
      }
      case "from" -> {
        if (first.isName()) {
          imports.fromImport(t);
          return;
        }
      }
      case "global", "nonlocal", "pass", "break", "continue" -> {
        if (first.isName()) {
          return;
        }
      }
      case "exec" -> {
        if (t.size() > 1 && !t.get(1).is("(") && !t.get(1).is("=") && !t.get(1).is(".") && !t.get(1).is(",")) {
          int in = depthZero(t, 1, t.size(), "in");
          calls.exec("builtins.exec", t, 1, in > 0 ? in : t.size(), first.line());
          return; // Python 2's exec statement
        }
      }
      default -> { }
    }
    if (Expressions.onlyStrings(t, 0, t.size())) {
      return; // a docstring, or a string on its own: it does nothing
    }
    if (first.is("@") && t.size() > 1 && Expressions.chainStart(t, 1)) {
      Chain decorator = Expressions.chain(t, 1, t.size(), scope);
      if (decorator.end() == t.size() && decorator.qualified() != null) {
        // @register without parentheses calls register(function) when the def runs
        out.call(new CallSite(decorator.qualified(), file.path(), line(first.line()), excerpt(first.line())));
      }
    }
    assignments.assignment(t);
  }

  void imported(String module, int line) {
    String top = module.split("\\.")[0];
    if (top.startsWith("pyarmor_runtime") || top.equals("pytransform") || top.equals("pytransform3")) {
      // PyArmor's runtime decrypts and runs bytecode that no reader of the source can see.
      tellingHit(Capability.OBFUSCATION, line, "imports PyArmor's runtime " + top + ", which runs encrypted code");
    }
    if (!module.isEmpty()) {
      out.imported(new CallSite(module, file.path(), line(line), excerpt(line)));
    }
  }

  /** The qualified name a class reference resolves to; unknown names are taken as this module's own. */
  String className(List<PythonToken> t, int from, int to) {
    if (from >= to || !Expressions.chainStart(t, from)) {
      return "";
    }
    Chain chain = Expressions.chain(t, from, to, scope);
    return chain.qualified() != null ? chain.qualified() : qualified(String.join(".", chain.parts()));
  }

  /** Scans the expressions in {@code [from, to)}: every call, every whole-environment use, every f-string field. */
  void scan(List<PythonToken> t, int from, int to) {
    for (int i = from; i < to; i++) {
      PythonToken k = t.get(i);
      if (k.isString()) {
        calls.literal(t, i, from, to);
        continue;
      }
      if (k.is("for")) {
        calls.environment().iteration(t, i, to, false);
        continue;
      }
      if (k.isName() && Expressions.afterDot(t, i)) {
        calls.method(t, i, from, to);
        continue;
      }
      if (k.is("(") && i + 1 < to && t.get(i + 1).is("lambda")) {
        calls.immediateLambda(t, i, to);
        continue;
      }
      if (Expressions.chainStart(t, i)) {
        Chain chain = Expressions.chain(t, i, to, scope);
        calls.chain(t, chain, to);
        // an import call or getattr was read whole; scan inside it too, for computed arguments
        i = chain.parts().get(0).equals(k.text()) ? chain.end() - 1 : i;
      }
    }
  }

  /**
   * Brackets nested deeper than CPython's parser accepts (200). Such a file is a syntax error and never
   * runs; reading it anyway would cost time that grows with the square of its nesting.
   */
  static final int MAX_BRACKET_NESTING = 200;

  static boolean tooDeep(List<PythonToken> t) {
    int depth = 0;
    for (PythonToken k : t) {
      if (k.is("(") || k.is("[") || k.is("{")) {
        if (++depth > MAX_BRACKET_NESTING) {
          return true;
        }
      } else if (k.is(")") || k.is("]") || k.is("}")) {
        depth--;
      }
    }
    return false;
  }

  static int depthZero(List<PythonToken> t, int from, int to, String word) {
    int brackets = 0;
    for (int i = from; i < to; i++) {
      PythonToken k = t.get(i);
      if (k.is("(") || k.is("[") || k.is("{")) {
        brackets++;
      } else if (k.is(")") || k.is("]") || k.is("}")) {
        brackets--;
      } else if (brackets == 0 && k.is(word)) {
        return i;
      }
    }
    return -1;
  }

  void hit(Capability capability, int line, String what) {
    hit(capability, line, what, false);
  }

  /** A hit that is the shape of an attack by itself ({@link Hit#telling()}). */
  void tellingHit(Capability capability, int line, String what) {
    hit(capability, line, what, true);
  }

  private void hit(Capability capability, int line, String what, boolean telling) {
    // builtins are written as people write them: open, exec
    out.hit(new Hit(capability, file.path(), line(line), what.replace("builtins.", ""), excerpt(line), telling));
  }

  int line(int line) {
    return lineOverride > 0 ? lineOverride : line;
  }

  String excerpt(int line) {
    return Expressions.excerpt(lines, line);
  }

  /** A scanner for code found inside this one (an exec'd literal, a decoded payload), one level deeper. */
  ScopeScanner nested(String code, int atLine) {
    return new ScopeScanner(file, scope, out, inspector, code.split("\r?\n|\r", -1), depth + 1, line(atLine), false,
        "", deferred, classes);
  }
}
