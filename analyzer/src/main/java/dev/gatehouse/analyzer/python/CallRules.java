package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.python.Expressions.Chain;
import dev.gatehouse.analyzer.python.PythonCapabilities.CallKind;
import dev.gatehouse.analyzer.python.ValueFacts.Fact;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * What one resolved name or call in scanned code contributes: the capability rules of Gatehouse's
 * Python analysis. Each rule needs evidence in the code, not in text: a call of {@code subprocess.Popen},
 * {@code os.environ} used whole where it can leave the process, a credential path passed to a call,
 * an {@code exec} of something other than a literal or a file of the package.
 *
 * <p>Code the analysis can read although it is hidden in a literal ({@code exec("...")}, {@code python
 * -c "..."}, a base64 payload) is scanned in place, up to {@link #MAX_LITERAL_DEPTH} levels deep.
 */
final class CallRules {
  /** Literal or decoded code inside literal or decoded code, past this depth, is not read but reported. */
  static final int MAX_LITERAL_DEPTH = 3;
  /** Blanks before a statement after a semicolon past which it is pushed out of view (W4SP's trick). */
  static final int HIDDEN_GAP = 80;

  /** Methods that send or render their arguments: the environment passed to them leaves the process. */
  private static final Set<String> SINK_METHODS = Set.of(
      "write", "writelines", "send", "sendall", "sendto", "format", "post", "put", "dumps");
  private static final Set<String> WRITE_METHODS = Set.of("write_text", "write_bytes", "symlink_to", "hardlink_to");
  /** Methods that read a file or list a folder given as a path object ({@code Path.home() / ".ssh"}). */
  private static final Set<String> READ_METHODS = Set.of(
      "read_text", "read_bytes", "iterdir", "glob", "rglob", "open", "readlines");
  private static final Set<String> EXEC_FILE_METHODS = Set.of("execfile");
  /** Tokens looked back over to find the call a function reference is handed to. */
  private static final int RUNNER_LOOKBACK = 256;
  /** Calls that run a function handed to them, now or at exit. */
  private static final Set<String> RUNNERS = Set.of(
      "threading.Thread", "threading.Timer", "multiprocessing.Process", "atexit.register", "builtins.map",
      "builtins.filter", "_thread.start_new_thread", "thread.start_new_thread", "signal.signal",
      "sys.settrace", "sys.setprofile", "asyncio.run");
  /** Methods that run a function handed to them: executors and event loops. */
  private static final Set<String> RUNNER_METHODS = Set.of(
      "submit", "apply_async", "run_in_executor", "call_soon", "call_later", "start_new_thread", "create_task");

  private final ScopeScanner s;
  private final EnvironmentUse environment;
  private final TellingPlaces telling;

  CallRules(ScopeScanner scanner) {
    this.s = scanner;
    this.environment = new EnvironmentUse(scanner);
    this.telling = new TellingPlaces(scanner);
  }

  EnvironmentUse environment() {
    return environment;
  }

  /** A dotted name seen in code, called or not. */
  void chain(List<PythonToken> t, Chain chain, int to) {
    int line = t.get(chain.start()).line();
    boolean call = chain.callsAt(t, to);
    if (!chain.parts().get(0).equals(t.get(chain.start()).text())) {
      s.imported(chain.parts().get(0), line); // __import__("m") or import_module("m") with a literal name
    }
    if (chain.value() != null) {
      localValue(t, chain, to, line, call);
      return;
    }
    String q = chain.qualified();
    if (chain.assembled()) {
      s.hit(Capability.OBFUSCATION, line, q + " looked up by a name put together from pieces");
    }
    if (call && chain.last().equals("__pyarmor__")) {
      s.tellingHit(Capability.OBFUSCATION, line, "PyArmor-encrypted code run by __pyarmor__");
      s.hit(Capability.DYNAMIC_CODE, line, "__pyarmor__ decrypts and runs the module's code");
    }
    if (q == null) {
      if (call && !s.scope.isLocal(chain.parts().get(0))) {
        s.out.call(new CallSite(ownName(chain.parts()), s.file.path(), s.line(line), s.excerpt(line)));
        argCall(t, chain, to, ownName(chain.parts()), line);
      }
      return;
    }
    if (!call) {
      if (!s.file.module().isEmpty() && q.startsWith(s.file.module() + ".") && handedToRunner(t, chain.start())) {
        // a function of this module handed to something that calls it: Thread(target=f), atexit.register(f)
        s.out.call(new CallSite(q, s.file.path(), s.line(line), s.excerpt(line)));
      }
      return;
    }
    List<int[]> args = arguments(t, chain, to);
    int close = Expressions.close(t, chain.end(), to);
    CallKind kind = PythonCapabilities.classify(q);
    switch (kind) {
      case SPAWN -> spawn(t, q, chain, close, line);
      case NETWORK -> {
        s.hit(Capability.NETWORK, line, q);
        int[] target = q.endsWith("urlretrieve") ? Expressions.argument(t, args, 1, "filename") : null;
        if (target != null && target[1] - target[0] == 1 && t.get(target[0]).isName()) {
          s.scope.written(t.get(target[0]).text(), line);
        }
        environment.harvest(t, args, line, q);
        telling.beacon(t, args, line, q);
      }
      case DNS -> {
        s.hit(Capability.DNS, line, q);
        telling.beacon(t, args, line, q);
      }
      case NATIVE -> s.hit(Capability.NATIVE_LOAD, line, q);
      case CLIENT -> {
        if (close + 3 < to && t.get(close + 1).is(".") && PythonCapabilities.CLIENT_METHODS.contains(t.get(close + 2).text())
            && t.get(close + 3).is("(")) {
          s.hit(Capability.NETWORK, line, q + "()." + t.get(close + 2).text());
        }
      }
      case EXEC -> {
        int[] first = Expressions.argument(t, args, 0, "source");
        if (first != null) {
          exec(q, t, first[0], first[1], line);
        }
      }
      case RUN_PATH -> runPath(t, args, line, q);
      case IMPORT -> {
        // __import__(name) with a variable is plugin loading, like importlib.import_module; a module name
        // assembled from character codes or decoded at run time is hiding what it imports.
        if (obfuscation(t, args, line, "__import__")) {
          s.hit(Capability.DYNAMIC_CODE, line, "__import__ of a module name assembled or decoded at run time");
        }
      }
      case CODE_OBJECT -> {
        s.hit(Capability.DYNAMIC_CODE, line, q);
        telling.fetchedInto(facts(t, chain.end() + 1, close), line, q);
        if (facts(t, chain.end() + 1, close).has(Fact.DECODED) || hasBytesLiteral(t, chain.end() + 1, close)) {
          s.hit(Capability.ENCODED_PAYLOAD, line, q + " of embedded bytes");
        }
      }
      case DESERIALIZE -> {
        telling.fetchedInto(facts(t, chain.end() + 1, close), line, q);
        if (facts(t, chain.end() + 1, close).has(Fact.DECODED) || hasBytesLiteral(t, chain.end() + 1, close)) {
          s.hit(Capability.DYNAMIC_CODE, line, q + " of embedded bytes");
          s.hit(Capability.ENCODED_PAYLOAD, line, q + " of embedded bytes");
        }
      }
      case OPEN -> open(t, args, line, q);
      case FILE_READ -> { }
      case COPY -> {
        int[] target = Expressions.argument(t, args, 1, "dst");
        if (target != null && facts(t, target[0], target[1]).has(Fact.OUTSIDE)) {
          s.hit(Capability.FILESYSTEM_WRITE, line, q + " to a path outside the package");
        }
        if (target != null) {
          telling.persistence(t, target, line, q);
        }
      }
      case ENV_SINK -> environment.harvest(t, args, line, q);
      case SETUP -> s.out.setupCall(SetupCall.read(s, t, args, line));
      default -> {
        if (q.startsWith("ctypes.") && TellingPlaces.MEMORY_EXECUTION.contains(chain.last())) {
          // VirtualAlloc + RtlMoveMemory + CreateThread: machine code run from memory, never from a file
          s.tellingHit(Capability.DYNAMIC_CODE, line, q + ": machine code placed in memory and run");
          s.hit(Capability.NATIVE_LOAD, line, q);
        }
        if (q.equals("builtins.getattr") && args.size() >= 2) {
          ValueFacts name = facts(t, Expressions.value(t, args.get(1))[0], Expressions.value(t, args.get(1))[1]);
          if (name.has(Fact.DECODED) || name.has(Fact.ASSEMBLED)) {
            s.hit(Capability.OBFUSCATION, line, "getattr of a name assembled or decoded at run time");
            s.hit(Capability.DYNAMIC_CODE, line, "getattr of a name assembled or decoded at run time");
          }
        }
        if (SINK_METHODS.contains(chain.last())) {
          environment.harvest(t, args, line, q);
        }
        if (EXEC_FILE_METHODS.contains(chain.last())) {
          runPath(t, args, line, q);
        }
        String top = q.split("\\.")[0];
        if (!top.equals("builtins") && !PythonCapabilities.isStdlib(top)) {
          s.out.call(new CallSite(q, s.file.path(), s.line(line), s.excerpt(line)));
          argCall(t, chain, to, q, line);
        }
      }
    }
    if (kind == CallKind.OPEN || kind == CallKind.COPY || kind == CallKind.FILE_READ) {
      credentials(t, args, line, q);
    }
  }

  /**
   * True when the token at {@code i} is an argument of a call that runs it: a thread, a timer, an exit
   * handler, {@code map}. Functions handed elsewhere (registered as fixtures, commands, callbacks) run
   * only when their host later decides to.
   */
  private boolean handedToRunner(List<PythonToken> t, int i) {
    PythonToken prev = i > 0 ? t.get(i - 1) : null;
    boolean argument = prev != null && (prev.is("(") || prev.is(",")
        || (prev.is("=") && i >= 3 && t.get(i - 2).isName() && (t.get(i - 3).is("(") || t.get(i - 3).is(","))));
    if (!argument) {
      return false;
    }
    int depth = 0;
    // Bounded: a long list of function references must not make this quadratic.
    for (int j = i - 1; j >= Math.max(0, i - RUNNER_LOOKBACK); j--) {
      PythonToken k = t.get(j);
      if (k.is(")") || k.is("]") || k.is("}")) {
        depth++;
      } else if (k.is("[") || k.is("{")) {
        if (depth-- == 0) {
          return false;
        }
      } else if (k.is("(")) {
        if (depth-- > 0) {
          continue;
        }
        if (j < 1 || !t.get(j - 1).isName()) {
          return false;
        }
        if (RUNNER_METHODS.contains(t.get(j - 1).text()) && Expressions.afterDot(t, j - 1)) {
          return true;
        }
        int start = j - 1;
        while (start >= 2 && t.get(start - 1).is(".") && t.get(start - 2).isName()) {
          start -= 2;
        }
        String callee = Expressions.chain(t, start, j, s.scope).qualified();
        return callee != null && RUNNERS.contains(callee);
      }
    }
    return false;
  }

  /** Records the literal and handed-on arguments of a call that may be the artifact's own code. */
  private void argCall(List<PythonToken> t, Chain chain, int to, String target, int line) {
    java.util.Map<String, String> literals = new java.util.TreeMap<>();
    java.util.Map<String, String> forwarded = new java.util.TreeMap<>();
    List<int[]> args = arguments(t, chain, to);
    for (int k = 0; k < args.size(); k++) {
      String keyword = Expressions.keyword(t, args.get(k));
      int[] v = Expressions.value(t, args.get(k));
      String key = keyword != null ? keyword : Integer.toString(k);
      if (v[0] >= v[1]) {
        continue;
      }
      FoldedText text = FoldedText.of(t, v[0], v[1], s.scope);
      if (text != null && !text.text().isEmpty()) {
        literals.put(key, text.text());
      } else if (v[1] - v[0] == 1 && t.get(v[0]).isName() && s.scope.isParameter(t.get(v[0]).text())) {
        forwarded.put(key, t.get(v[0]).text());
      }
    }
    if (!literals.isEmpty() || !forwarded.isEmpty()) {
      s.out.argCall(new ArgCall(target, literals, forwarded, s.file.path(), s.line(line), s.excerpt(line)));
    }
  }

  /** Unknown bare names are taken as this module's own (star imports and late definitions resolve later). */
  private String ownName(List<String> parts) {
    String name = String.join(".", parts);
    return s.file.module().isEmpty() ? name : s.file.module() + "." + name;
  }

  private void localValue(List<PythonToken> t, Chain chain, int to, int line, boolean call) {
    ValueFacts v = chain.value();
    String name = String.join(".", chain.parts());
    if (v.has(Fact.CLIENT) && call && chain.parts().size() == 2
        && PythonCapabilities.CLIENT_METHODS.contains(chain.last())) {
      s.hit(Capability.NETWORK, line, name + "()");
      telling.beacon(t, arguments(t, chain, to), line, name);
    }
    if (call && SINK_METHODS.contains(chain.last())) {
      environment.harvest(t, arguments(t, chain, to), line, name);
    }
  }

  /** {@code exec}/{@code eval}/{@code compile} of the expression {@code [from, to)}. */
  void exec(String q, List<PythonToken> t, int from, int to, int line) {
    String verb = q.substring(q.lastIndexOf('.') + 1);
    if (verb.equals("compile") && mentions(t, to, "PyCF_ONLY_AST")) {
      return; // compiles to a syntax tree, which is data: nothing runs
    }
    if (EXEC_FILE_METHODS.contains(verb)) {
      runPath(t, List.of(new int[] {from, to}), line, q);
      return;
    }
    if (Expressions.onlyStrings(t, from, to)) {
      code(Expressions.strings(t, from, to), line, verb + " of a literal");
      return;
    }
    FoldedText folded = FoldedText.of(t, from, to, s.scope);
    if (folded != null) {
      if (folded.assembled() && !folded.text().isBlank()) {
        s.hit(Capability.OBFUSCATION, line, verb + " of code put together from pieces");
        s.hit(Capability.DYNAMIC_CODE, line, verb + " of code put together from pieces");
      }
      code(folded.text(), line, verb + " of a string expression");
      return;
    }
    if (Expressions.chainStart(t, from)) {
      Chain inner = Expressions.chain(t, from, to, s.scope);
      if ("builtins.compile".equals(inner.qualified()) && inner.callsAt(t, to)) {
        return; // exec(compile(...)): the compile call is judged by what it compiles
      }
    }
    ValueFacts arg = facts(t, from, to);
    if (arg.has(Fact.FILE)) {
      execFile(arg.path(), line);
      return;
    }
    String template = CodeTemplate.of(t, from, to, arg);
    if (template != null) {
      code(template, line, verb + " of a code template");
      return;
    }
    s.hit(Capability.DYNAMIC_CODE, line, verb + "(" + Expressions.render(t, from, to) + ")");
    telling.fetchedInto(arg, line, verb);
    if (arg.has(Fact.DECODED)) {
      s.hit(Capability.ENCODED_PAYLOAD, line, verb + " of decoded data"
          + (arg.origin() != null ? " (" + arg.origin().replace("builtins.", "") + ")" : ""));
      lookInside(arg, line);
    }
    if (arg.layers() >= 2 || arg.has(Fact.BLOB) || arg.has(Fact.ASSEMBLED)) {
      s.hit(Capability.OBFUSCATION, line, arg.layers() >= 2 ? "payload behind " + arg.layers() + " layers of encoding"
          : arg.has(Fact.BLOB) ? "exec of a large encoded blob" : "code assembled from pieces before it runs");
    }
  }

  private void runPath(List<PythonToken> t, List<int[]> args, int line, String q) {
    int[] path = Expressions.argument(t, args, 0, "path_name");
    if (path == null) {
      return;
    }
    ValueFacts p = facts(t, path[0], path[1]);
    if (p.has(Fact.OWN_PATH) || p.has(Fact.FILE)) {
      execFile(p.path(), line);
    } else {
      s.hit(Capability.DYNAMIC_CODE, line, q + "(" + Expressions.render(t, path[0], path[1]) + ")");
    }
  }

  /** Running a file of the package (reading a version file, the usual setup-script way) is that file's code. */
  private void execFile(String relative, int line) {
    if (relative != null && !relative.isEmpty()) {
      String target = s.file.resolve(relative);
      s.out.execFile(new CallSite(target, s.file.path(), s.line(line), s.excerpt(line)));
    }
  }

  private void spawn(List<PythonToken> t, String q, Chain chain, int close, int line) {
    s.hit(Capability.PROCESS_SPAWN, line, q);
    ValueFacts args = facts(t, chain.end() + 1, close);
    if (telling.runsFetched(t, Expressions.split(t, chain.end() + 1, close))) {
      telling.fetchedInto(args, line, q);
    }
    for (int i = chain.end() + 1; i < close; i++) {
      Integer written = t.get(i).isName() && !Expressions.afterDot(t, i) ? s.scope.writtenAt(t.get(i).text()) : null;
      if (written != null && s.out.has(Capability.NETWORK)) {
        // a file written in this scope after it fetched from the network, then run: a dropper
        s.tellingHit(Capability.PROCESS_SPAWN, line, q + " runs " + t.get(i).text() + ", written at line " + written
            + " after a download");
        break;
      }
    }
    for (int i = chain.end() + 1; i < close; i++) {
      if (t.get(i).isName() && !Expressions.afterDot(t, i) && s.scope.isParameter(t.get(i).text())) {
        s.out.commandParam(t.get(i).text(), q); // what the caller passes here is (part of) the command
      }
    }
    String detached = TellingPlaces.detached(t, Expressions.split(t, chain.end() + 1, close));
    if (detached != null) {
      s.tellingHit(Capability.PROCESS_SPAWN, line, q + " starts a process detached from this one (" + detached + ")");
    }
    ShellCommand.of(t, chain.end() + 1, close, s.scope).ifPresent(command -> {
      if (command.downloads() != null) {
        s.tellingHit(Capability.NETWORK, line, "a command that reaches the network (" + command.downloads() + ")");
      }
      if (command.hides() != null) {
        s.tellingHit(Capability.PROCESS_SPAWN, line, "a command that runs hidden or detached (" + command.hides() + ")");
      }
      if (command.decodes() != null) {
        s.tellingHit(Capability.ENCODED_PAYLOAD, line, "a command that decodes and runs a payload ("
            + command.decodes() + ")");
      }
    });
    if (args.has(Fact.DECODED)) {
      s.hit(Capability.ENCODED_PAYLOAD, line, q + " of decoded data"
          + (args.origin() != null ? " (" + args.origin().replace("builtins.", "") + ")" : ""));
      lookInside(args, line);
    }
    // `python -c "<code>"`: the code is Python the analysis can read.
    for (int i = chain.end() + 1; i + 2 < close; i++) {
      if (t.get(i).isConstantString() && t.get(i).value().equals("-c") && t.get(i + 1).is(",")) {
        int end = i + 2;
        while (end < close && t.get(end).isConstantString()) {
          end++;
        }
        if (end > i + 2) {
          code(Expressions.strings(t, i + 2, end), line, "python -c");
        }
      }
    }
  }

  private void open(List<PythonToken> t, List<int[]> args, int line, String q) {
    int[] path = Expressions.argument(t, args, 0, "file");
    int[] mode = Expressions.argument(t, args, 1, "mode");
    boolean writes = mode != null && Expressions.onlyStrings(t, mode[0], mode[1])
        && Expressions.strings(t, mode[0], mode[1]).chars().anyMatch(c -> c == 'w' || c == 'a' || c == 'x' || c == '+');
    if (writes && path != null && facts(t, path[0], path[1]).has(Fact.OUTSIDE)) {
      s.hit(Capability.FILESYSTEM_WRITE, line, q + "(" + Expressions.render(t, path[0], path[1]) + ") for writing");
    }
    if (writes && path != null) {
      telling.persistence(t, path, line, q);
      if (path[1] - path[0] == 1 && t.get(path[0]).isName()) {
        s.scope.written(t.get(path[0]).text(), line);
      }
    }
  }

  /** True when the name {@code word} appears in the call arguments after {@code from}, up to the call's end. */
  private static boolean mentions(List<PythonToken> t, int from, String word) {
    int depth = 0;
    for (int i = from; i < t.size(); i++) {
      PythonToken k = t.get(i);
      if (k.is("(") || k.is("[") || k.is("{")) {
        depth++;
      } else if (k.is(")") || k.is("]") || k.is("}")) {
        if (--depth < 0) {
          return false;
        }
      } else if (k.is(word)) {
        return true;
      }
    }
    return false;
  }

  private void credentials(List<PythonToken> t, List<int[]> args, int line, String q) {
    for (int[] arg : args) {
      ValueFacts f = facts(t, arg[0], arg[1]);
      if (f.has(Fact.CRED)) {
        s.hit(Capability.CREDENTIAL_READ, line, "'" + f.credential() + "' path passed to " + q);
        return;
      }
    }
  }

  private boolean obfuscation(List<PythonToken> t, List<int[]> args, int line, String what) {
    for (int[] arg : args) {
      ValueFacts f = facts(t, arg[0], arg[1]);
      if (f.has(Fact.ASSEMBLED) || f.has(Fact.DECODED)) {
        s.hit(Capability.OBFUSCATION, line, what + " of a name assembled or decoded at run time");
        return true;
      }
    }
    return false;
  }


  /** A string token in scanned code: f-string fields run code; a credential literal in a path expression is read. */
  void literal(List<PythonToken> t, int i, int from, int to) {
    PythonToken k = t.get(i);
    for (String field : k.fields()) {
      List<PythonToken> tokens = PythonTokenizer.tokenize(field);
      int end = tokens.size() - 1; // drop END
      while (end > 0 && tokens.get(end - 1).kind() != PythonToken.Kind.NAME
          && tokens.get(end - 1).kind() != PythonToken.Kind.OP && !tokens.get(end - 1).isString()
          && tokens.get(end - 1).kind() != PythonToken.Kind.NUMBER) {
        end--;
      }
      if (s.depth < MAX_LITERAL_DEPTH) {
        s.nested(s.excerpt(k.line()), k.line()).scan(tokens, 0, end); // its one line is the file's line
      }
      if (s.inspector.inspect(tokens, 0, end, s.scope).has(Fact.ENV)) {
        s.hit(Capability.ENVIRONMENT_READ, k.line(), "every environment variable formatted into a string");
      }
    }
  }

  /** A method name after a dot, on a receiver the analysis cannot name. */
  void method(List<PythonToken> t, int i, int from, int to) {
    String name = t.get(i).text();
    if (i + 1 >= to || !t.get(i + 1).is("(")) {
      return;
    }
    int close = Expressions.close(t, i + 1, to);
    List<int[]> args = Expressions.split(t, i + 2, close);
    if (READ_METHODS.contains(name)) {
      ValueFacts f = facts(t, from, to);
      if (f.has(Fact.CRED)) {
        s.hit(Capability.CREDENTIAL_READ, t.get(i).line(), "'" + f.credential() + "' read with ." + name);
      }
    }
    if (WRITE_METHODS.contains(name) && facts(t, from, to).has(Fact.OUTSIDE)) {
      s.hit(Capability.FILESYSTEM_WRITE, t.get(i).line(), "." + name + " to a path outside the package");
    }
    if (SINK_METHODS.contains(name) && !(i >= 2 && Expressions.chainStart(t, i - 2))) {
      environment.harvest(t, args, t.get(i).line(), "." + name);
    }
  }

  /** {@code (lambda ...: ...)(...)} with {@code __import__} or {@code exec} inside: a one-line packer. */
  void immediateLambda(List<PythonToken> t, int open, int to) {
    int close = Expressions.close(t, open, to);
    if (close + 1 < to && t.get(close + 1).is("(")) {
      for (int i = open; i < close; i++) {
        PythonToken k = t.get(i);
        String word = k.isConstantString() ? k.value() : k.text();
        if (k.kind() != PythonToken.Kind.OP && Set.of("__import__", "exec", "eval", "compile").contains(word)) {
          s.hit(Capability.OBFUSCATION, t.get(open).line(), "immediately called lambda that reaches " + word);
          return;
        }
      }
    }
  }

  /** Python source found in a literal or payload: scanned as code of this scope, one level deeper. */
  private void code(String source, int line, String how) {
    if (s.depth >= MAX_LITERAL_DEPTH) {
      s.hit(Capability.DYNAMIC_CODE, line, how + " nested more than " + MAX_LITERAL_DEPTH + " levels deep");
      return;
    }
    s.nested(source, line).statements(SourceTree.parse(source));
  }

  private void lookInside(ValueFacts facts, int line) {
    if (facts.decoded() == null) {
      return;
    }
    PayloadDecoder.asText(facts.decoded().getBytes(StandardCharsets.ISO_8859_1))
        .ifPresent(text -> code(text, line, "decoded payload"));
  }

  private List<int[]> arguments(List<PythonToken> t, Chain chain, int to) {
    return Expressions.split(t, chain.end() + 1, Expressions.close(t, chain.end(), to));
  }

  private ValueFacts facts(List<PythonToken> t, int from, int to) {
    return s.inspector.inspect(t, from, to, s.scope);
  }

  private static boolean hasBytesLiteral(List<PythonToken> t, int from, int to) {
    for (int i = from; i < to; i++) {
      if (t.get(i).isConstantString() && t.get(i).value().length() >= 64) {
        return true;
      }
    }
    return false;
  }

}
