package dev.gatehouse.analyzer.npm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one JavaScript file can do, found in its tokens: processes, network, DNS, the whole environment,
 * credential files, dynamic code, decoded payloads, obfuscation, writes outside the package, native
 * addons. Each {@link Sighting} is kept with whether it runs when the file is loaded, so that the same
 * file can be judged as a program ({@code node install.js}: everything counts) or as an imported module
 * (only what runs at load counts).
 *
 * <p>Evidence comes from code only: a string, comment, regex or template text that mentions {@code eval}
 * or {@code .ssh} is never a sighting by itself. Module functions count only through a binding to that
 * module, resolved per scope ({@link JsModules}); a decoded value counts as a payload only when it flows
 * into code execution ({@link Taints}). {@code eval} and {@code Function} of literal text are not dynamic:
 * the text is analyzed as the code it is.
 */
final class JsCapabilities {
  /** How deep literal code inside {@code eval("...")} inside {@code eval("...")} is followed. */
  private static final int MAX_LITERAL_DEPTH = 2;

  private static final Set<String> SPAWN = Set.of(
      "exec", "execSync", "execFile", "execFileSync", "spawn", "spawnSync", "fork");
  private static final Set<String> NET = Set.of(
      "request", "get", "connect", "createConnection", "Socket", "createServer", "createSocket");
  private static final Set<String> DNS = Set.of(
      "lookup", "lookupService", "resolve", "resolve4", "resolve6", "resolveAny", "resolveCname", "resolveMx",
      "resolveNs", "resolveTxt", "resolveSrv", "reverse", "Resolver");
  private static final Set<String> VM = Set.of(
      "runInNewContext", "runInThisContext", "runInContext", "compileFunction", "Script", "SourceTextModule");
  private static final Set<String> FS_READ = Set.of(
      "readFile", "readFileSync", "createReadStream", "open", "openSync", "readJson", "readJsonSync", "copyFile",
      "copyFileSync");
  private static final Set<String> FS_WRITE = Set.of(
      "writeFile", "writeFileSync", "appendFile", "appendFileSync", "createWriteStream", "copyFile", "copyFileSync",
      "cp", "cpSync", "rename", "renameSync", "symlink", "symlinkSync", "mkdir", "mkdirSync", "outputFile",
      "outputFileSync", "writeJson", "writeJsonSync", "copy", "copySync", "move", "moveSync", "rm", "rmSync",
      "unlink", "unlinkSync", "ensureDir", "ensureDirSync", "chmod", "chmodSync");
  private static final Set<String> HTTP_CLIENTS = Set.of(
      "node-fetch", "cross-fetch", "isomorphic-fetch", "axios", "got", "request", "undici", "superagent", "needle",
      "phin", "ky", "make-fetch-happen", "minipass-fetch", "simple-get", "https-proxy-agent");
  private static final Set<String> SOCKET_CLIENTS = Set.of("ws", "websocket", "socket.io-client", "engine.io-client");
  private static final Set<String> NATIVE_LOADERS = Set.of(
      "bindings", "node-gyp-build", "node-gyp-build-optional-packages", "pkg-prebuilds");
  /** Commands that only describe the machine; see {@link #isProbe}. */
  static final Set<String> PROBES = Set.of(
      "ldd", "uname", "getconf", "sw_vers", "lsb_release", "xcrun", "which", "where", "pkg-config", "ldconfig");
  private static final Set<String> GLOBAL_OBJECTS = Set.of("window", "globalThis", "self", "global");

  private final String file;
  private final JsTokens t;
  private final JsStructure s;
  private final JsModules modules;
  private final Taints taints;
  private final int depth;
  private final int passes;
  private final long budget;
  private final List<Sighting> atLoad = new ArrayList<>();
  private final List<Sighting> all = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private final List<JsModules.Load> loads = new ArrayList<>();
  private long tokensUsed;
  private boolean referenceOnly;

  private JsCapabilities(String file, JsTokens tokens, int maxPasses, int depth, long tokenBudget) {
    this.file = file;
    this.t = tokens;
    this.s = new JsStructure(tokens, maxPasses);
    this.modules = new JsModules(s);
    this.taints = new Taints(s);
    this.depth = depth;
    this.passes = maxPasses;
    this.budget = tokenBudget;
    this.tokensUsed = tokens.size();
    loads.addAll(modules.loads);
    scan(maxPasses, tokenBudget);
  }

  /**
   * Analyzes {@code source}, the file {@code file} of a package.
   *
   * @param maxPasses how many rounds "called at load" is followed inside the file
   * @param maxTokens the most tokens read, literal code inside {@code eval} included
   */
  static JsCapabilities analyze(String file, String source, int maxPasses, long maxTokens) {
    JsTokens tokens = JsTokenizer.tokenize(source, maxTokens);
    if (tokens.truncated()) {
      // A file past its token budget is held for that; building its structure would take the memory the
      // budget exists to bound (a 15 MB one-line file), so it is reported as not analyzed at all.
      JsTokens none = new JsTokens("", 1);
      none.truncate();
      return new JsCapabilities(file, none, maxPasses, 0, maxTokens);
    }
    return new JsCapabilities(file, tokens, maxPasses, 0, maxTokens);
  }

  /** What the file does when run as a program ({@code loadOnly} false) or when imported (true). */
  List<Sighting> sightings(boolean loadOnly) {
    return List.copyOf(loadOnly ? atLoad : all);
  }

  /** The modules the file loads; only those loaded at load time when {@code loadOnly}. */
  List<JsModules.Load> loads(boolean loadOnly) {
    return loadOnly ? loads.stream().filter(JsModules.Load::atLoad).toList() : List.copyOf(loads);
  }

  long tokensUsed() {
    return tokensUsed;
  }

  /** True when the file had more tokens than allowed and was read only in part. */
  boolean truncated() {
    return t.truncated();
  }

  private void scan(int maxPasses, long tokenBudget) {
    for (int i = 0; i < t.size(); i++) {
      if (t.isIdent(i)) {
        JsModules.Binding b = modules.bindingAt(i);
        if (b != null) {
          moduleUse(i, b);
        } else if (modules.isRequireName(t.text(i)) && t.is(i + 1, "(")) {
          requireUse(i);
        } else if (!t.is(i - 1, ".") || isGlobalMember(i)) {
          global(i, maxPasses, tokenBudget);
        } else if (t.is(i, "_compile") && t.is(i + 1, "(")) {
          dynamicSink(i, i + 1, maxPasses, tokenBudget); // Module.prototype._compile(source, filename)
        } else if (t.is(i, "constructor") && t.is(i - 2, "constructor") && t.is(i + 1, "(")) {
          dynamicSink(i, i + 1, maxPasses, tokenBudget); // [].constructor.constructor("code")()
        }
      } else if (t.is(i, "[") && s.match[i] > i && t.is(s.match[i] + 1, "(") && i > 0
          && (t.isIdent(i - 1) || t.is(i - 1, ")") || t.is(i - 1, "]"))) {
        if ((taints.of(i + 1, s.match[i] - 1) & Taints.DECODED) != 0) {
          see(Signal.DYNAMIC, i); // obj[decode("...")](...): a call whose name is hidden
          sinkArguments(i, s.match[i] + 1);
        }
      } else if (t.is(i, ".") && (t.is(i + 1, "write") || t.is(i + 1, "send") || t.is(i + 1, "end"))
          && t.is(i + 2, "(")) {
        sent(i + 1, i + 2);
      } else if (t.isText(i) && (taints.own(i) & Taints.CREDENTIAL) != 0) {
        credentialText(i);
      }
    }
    for (int open : modules.computedRequires) {
      if ((taints.ofArguments(open) & Taints.DECODED) != 0) {
        see(Signal.OBFUSCATED, open); // require(decode("...")): the module's name is hidden
      }
    }
    Obfuscation.find(t, s).ifPresent(token -> record(Signal.OBFUSCATED, token, true));
  }

  private boolean isGlobalMember(int i) {
    return t.is(i - 1, ".") && t.isIdent(i - 2) && GLOBAL_OBJECTS.contains(t.text(i - 2)) && !t.is(i - 3, ".");
  }

  private void moduleUse(int i, JsModules.Binding b) {
    String member = b.member();
    int next = i + 1;
    if (member == null) {
      if (t.is(next, ".") && t.isIdent(next + 1)) {
        member = t.text(next + 1);
        next += 2;
        if ((member.equals("default") || member.equals("promises")) && t.is(next, ".") && t.isIdent(next + 1)) {
          member = t.text(next + 1);
          next += 2;
        }
      } else if (t.is(next, "[") && t.isString(next + 1) && t.is(next + 2, "]")) {
        member = t.value(next + 1);
        next += 3;
      } else {
        member = "";
      }
    }
    member(b.module(), member, t.is(next, "(") ? next : -1, i);
  }

  private void requireUse(int i) {
    int close = s.match[i + 1];
    if (close < 0 || close != i + 3 || !t.isText(i + 2)) {
      return;
    }
    String module = JsModules.normalize(t.value(i + 2));
    if (t.is(close + 1, ".") && t.isIdent(close + 2)) {
      member(module, t.text(close + 2), t.is(close + 3, "(") ? close + 3 : -1, i);
    } else if (t.is(close + 1, "(")) {
      member(module, "", close + 1, i);
    }
  }

  private void member(String module, String member, int open, int at) {
    // At load, only a call does something; `const exec = cp.exec` or `module.exports = cp.spawn` does not.
    // A program's references still count: it goes on to call what it took.
    referenceOnly = open < 0 && !t.is(at - 1, "new");
    try {
      member(module, member, open, at, passes, budget);
    } finally {
      referenceOnly = false;
    }
  }

  private void member(String module, String member, int open, int at, int maxPasses, long tokenBudget) {
    switch (module) {
      case "child_process":
        if (SPAWN.contains(member) && !isProbe(open)) {
          see(Signal.SPAWN, at);
          if (open >= 0 && (taints.ofArguments(open) & Taints.DECODED) != 0) {
            see(Signal.ENCODED, at);
          }
        }
        break;
      case "http", "https", "http2", "net", "tls", "dgram":
        if (NET.contains(member)) {
          see(Signal.NETWORK, at);
          sent(at, open);
        }
        break;
      case "dns":
        if (DNS.contains(member)) {
          see(Signal.DNS, at);
        }
        break;
      case "vm":
        if (VM.contains(member)) {
          dynamicSink(at, open, maxPasses, tokenBudget);
        }
        break;
      case "fs":
        if (open >= 0 && FS_READ.contains(member) && (taints.ofArguments(open) & Taints.CREDENTIAL) != 0) {
          see(Signal.CREDENTIAL, at);
        }
        if (open >= 0 && FS_WRITE.contains(member) && (taints.ofArguments(open) & (Taints.HOME | Taints.OUTSIDE)) != 0) {
          see(Signal.WRITE, at);
        }
        break;
      case "module":
        if (member.equals("_compile") || member.equals("_load")) {
          see(Signal.DYNAMIC, at);
        }
        break;
      default:
        if (HTTP_CLIENTS.contains(module) && (member.isEmpty() || Set.of("get", "post", "put", "patch", "delete",
            "head", "request", "fetch", "default").contains(member)) && (open >= 0 || t.is(at - 1, "new"))) {
          see(Signal.NETWORK, at);
          sent(at, open);
        } else if (SOCKET_CLIENTS.contains(module) && (open >= 0 || t.is(at - 1, "new"))) {
          see(Signal.NETWORK, at);
        } else if (NATIVE_LOADERS.contains(module) && open >= 0) {
          see(Signal.NATIVE, at);
        }
    }
  }

  /**
   * {@code execSync('ldd --version')}: a literal command asking the system what it is, as the napi-rs
   * loader template does at load in every package built with it, runs nothing of the package's choosing.
   */
  private boolean isProbe(int open) {
    if (open < 0 || !t.isText(open + 1) || !(t.is(open + 2, ",") || t.is(open + 2, ")"))) {
      return false;
    }
    String command = t.value(open + 1).strip();
    for (char c : new char[] {';', '|', '&', '$', '`', '>', '<', '\n'}) {
      if (command.indexOf(c) >= 0) {
        return false; // a second command could follow the probe
      }
    }
    return PROBES.contains(command.split(" ", 2)[0]);
  }

  private void global(int i, int maxPasses, long tokenBudget) {
    String id = t.text(i);
    boolean call = t.is(i + 1, "(") && !isDefinition(i);
    switch (id) {
      case "eval", "Function":
        if (call) {
          dynamicSink(i, i + 1, maxPasses, tokenBudget);
        }
        break;
      case "fetch":
        if (call) {
          see(Signal.NETWORK, i);
          sent(i, i + 1);
        } else if (isHookAssignment(i + 1) && (isGlobalMember(i) || !s.isDeclared("fetch", i))) {
          see(Signal.NETWORK_HOOK, i);
        }
        break;
      case "XMLHttpRequest":
        if (t.is(i - 1, "new")) {
          see(Signal.NETWORK, i);
        } else if (t.is(i + 1, ".") && t.is(i + 2, "prototype") && hooksMember(i + 3)) {
          see(Signal.NETWORK_HOOK, i);
        } else if (isHookAssignment(i + 1) && isGlobalMember(i)) {
          see(Signal.NETWORK_HOOK, i);
        }
        break;
      case "WebSocket", "EventSource":
        if (t.is(i - 1, "new")) {
          see(Signal.NETWORK, i);
        }
        break;
      case "navigator":
        if (t.is(i + 1, ".") && t.is(i + 2, "sendBeacon") && t.is(i + 3, "(")) {
          see(Signal.NETWORK, i);
        }
        break;
      case "window", "globalThis", "self", "global":
        if (t.is(i + 1, "[") && t.isString(i + 2) && t.is(i + 3, "]") && isHookAssignment(i + 4)
            && (t.value(i + 2).equals("fetch") || t.value(i + 2).equals("XMLHttpRequest"))) {
          see(Signal.NETWORK_HOOK, i);
        }
        break;
      case "process":
        processUse(i);
        break;
      case "module":
        if (t.is(i + 1, ".") && t.is(i + 2, "constructor") && !t.is(i + 3, ".")) {
          see(Signal.DYNAMIC, i); // new module.constructor(): a fresh module to _compile source into
        }
        break;
      case "JSON":
        if (t.is(i + 1, ".") && t.is(i + 2, "stringify") && t.is(i + 3, "(") && environmentIn(i + 3)) {
          see(Signal.ENVIRONMENT, i);
        }
        break;
      case "Object":
        objectUse(i);
        break;
      case "for":
        forIn(i);
        break;
      default:
        break;
    }
  }

  private void processUse(int i) {
    if (t.is(i + 1, ".") && t.is(i + 3, "(") && t.isString(i + 4)) {
      String what = t.value(i + 4);
      if (t.is(i + 2, "binding") && (what.equals("spawn_sync") || what.equals("process_wrap"))) {
        see(Signal.SPAWN, i);
      }
    }
    if (t.is(i + 1, ".") && t.is(i + 2, "dlopen") && t.is(i + 3, "(")) {
      see(Signal.NATIVE, i);
    }
  }

  private void objectUse(int i) {
    if (!t.is(i + 1, ".") || !t.is(i + 3, "(")) {
      return;
    }
    switch (t.text(i + 2)) {
      case "keys", "values", "entries", "getOwnPropertyNames":
        if (environmentIn(i + 3) && !selects(s.match[i + 3]) && !copiesEach(s.match[i + 3])) {
          see(Signal.ENVIRONMENT, i);
        }
        break;
      default:
        break;
    }
  }

  /** {@code for (k in process.env)} and {@code for (const [k, v] of Object.entries(env))}. */
  private void forIn(int i) {
    int open = i + 1;
    if (t.is(open, "await")) {
      open++;
    }
    if (!t.is(open, "(") || s.match[open] < 0) {
      return;
    }
    for (int j = open + 1; j < s.match[open]; j++) {
      if ((t.is(j, "in") || t.is(j, "of")) && s.enclosing[j] == open) {
        int body = s.match[open] + 1;
        int bodyEnd = t.is(body, "{") && s.match[body] > body ? s.match[body] : s.expressionEnd(body);
        if ((taints.of(j + 1, s.match[open] - 1) & Taints.ENVIRONMENT) != 0 && !copyIdiom(body, bodyEnd)) {
          see(Signal.ENVIRONMENT, i);
        }
        return;
      }
    }
  }

  /**
   * True when the arguments opening at {@code open} hold the whole environment itself, or a value made
   * from it, and not inside a function written there. Copying it ({@code {...process.env}}, {@code
   * Object.assign({}, process.env)}) is not harvesting by itself: build scripts hand it to children. It
   * becomes harvesting where the copy is serialized, listed or sent, which is what this looks for.
   */
  private boolean environmentIn(int open) {
    int close = s.match[open];
    for (int j = open + 1; j < close; j++) {
      if (s.scopeOf[j] == s.scopeOf[open] && (taints.of(j, j) & Taints.ENVIRONMENT) != 0) {
        return true;
      }
    }
    return false;
  }

  /** {@code Object.keys(process.env).filter(...)}: picking some variables by name, not taking them all. */
  private boolean selects(int close) {
    int k = close + 1;
    while (t.is(k, ".") && (t.is(k + 1, "reverse") || t.is(k + 1, "sort") || t.is(k + 1, "slice"))
        && t.is(k + 2, "(") && s.match[k + 2] > 0) {
      k = s.match[k + 2] + 1;
    }
    return t.is(k, ".") && Set.of("filter", "find", "findIndex", "some", "every", "includes", "indexOf")
        .contains(t.isIdent(k + 1) ? t.text(k + 1) : "");
  }

  private boolean isHookAssignment(int i) {
    return t.is(i, "=") && !t.is(i + 1, "=");
  }

  /** {@code .open =} or {@code ['send'] =} after {@code XMLHttpRequest.prototype}. */
  private boolean hooksMember(int i) {
    if (t.is(i, ".") && t.isIdent(i + 1)) {
      return isHookAssignment(i + 2);
    }
    return t.is(i, "[") && s.match[i] > i && isHookAssignment(s.match[i] + 1);
  }

  /** {@code Object.keys(process.env).forEach(k => { env[k] = process.env[k]; })}: a copy for a child. */
  private boolean copiesEach(int close) {
    int open = close + 3;
    return t.is(close + 1, ".") && t.is(close + 2, "forEach") && t.is(open, "(") && s.match[open] > open
        && copyIdiom(open, s.match[open]);
  }

  /** A loop body that only copies variables: {@code x[k] = process.env[k]}, and sends nothing. */
  private boolean copyIdiom(int from, int to) {
    boolean copies = false;
    for (int j = from; j <= to && j < t.size(); j++) {
      if (t.is(j, "=") && t.is(j + 1, "process") && t.is(j + 2, ".") && t.is(j + 3, "env") && t.is(j + 4, "[")) {
        copies = true;
      } else if (t.is(j, "(") && j > from && s.isCallParen(j) && !t.is(j - 1, "function")) {
        return false;
      }
    }
    return copies;
  }

  /** Data handed to the network or a stream: the whole environment there is harvesting. */
  private void sent(int at, int open) {
    if (open >= 0 && t.is(open, "(") && s.match[open] > open && environmentIn(open)) {
      see(Signal.ENVIRONMENT, at);
    }
  }

  /** True when the name at {@code i} is being defined rather than used. */
  private boolean isDefinition(int i) {
    if (t.is(i - 1, "function") || t.is(i - 1, "class")) {
      return true;
    }
    int close = s.match[i + 1];
    return close > 0 && t.is(close + 1, "{")
        && (i == 0 || t.is(i - 1, "{") || t.is(i - 1, ",") || t.is(i - 1, ";") || t.is(i - 1, "}")
            || t.is(i - 1, "async") || t.is(i - 1, "static"));
  }

  /**
   * {@code eval}, {@code Function}, {@code vm.*}, {@code _compile}: literal source is analyzed as code;
   * anything else is dynamic code, and a decoded payload when decoded data flows into it.
   */
  private void dynamicSink(int at, int open, int maxPasses, long tokenBudget) {
    if (open < 0 || s.match[open] < 0) {
      see(Signal.DYNAMIC, at);
      return;
    }
    int close = s.match[open];
    if (close == open + 1) {
      return;
    }
    StringBuilder literal = new StringBuilder();
    boolean onlyLiterals = true;
    for (int j = open + 1; j < close && onlyLiterals; j++) {
      if (t.isString(j) || (t.kind(j) == JsTokens.Kind.TEMPLATE && !t.is(j + 1, "${") && !t.is(j - 1, "}"))) {
        literal.append(t.value(j)).append('\n');
      } else if (!t.is(j, ",") && !t.is(j, "+")) {
        onlyLiterals = false;
      }
    }
    if (onlyLiterals) {
      literalCode(at, literal.toString(), maxPasses, tokenBudget);
      return;
    }
    see(Signal.DYNAMIC, at);
    sinkArguments(at, open);
  }

  private void sinkArguments(int at, int open) {
    if ((taints.ofArguments(open) & Taints.DECODED) != 0) {
      see(Signal.ENCODED, at);
    }
  }

  private void literalCode(int at, String code, int maxPasses, long tokenBudget) {
    if (depth >= MAX_LITERAL_DEPTH || code.isBlank() || tokensUsed >= tokenBudget) {
      return;
    }
    JsCapabilities inner = new JsCapabilities(file, JsTokenizer.tokenize(code, tokenBudget - tokensUsed),
        maxPasses, depth + 1, tokenBudget - tokensUsed);
    tokensUsed += inner.tokensUsed;
    boolean load = s.runsAtLoad(at);
    for (Sighting inside : inner.all) {
      record(inside.signal(), at, load && inner.atLoad.contains(inside));
    }
    for (JsModules.Load l : inner.loads) {
      loads.add(new JsModules.Load(l.specifier(), t.line(at), t.excerpt(at), load && l.atLoad()));
    }
  }

  private void credentialText(int i) {
    int own = taints.own(i);
    if ((own & Taints.HOME) != 0) {
      see(Signal.CREDENTIAL, i);
      return;
    }
    int open = s.enclosing[i];
    int bits;
    if (open >= 0 && s.match[open] > open) {
      bits = taints.of(open + 1, s.match[open] - 1);
    } else {
      int from = i;
      while (from > 0 && t.line(from - 1) == t.line(i)) {
        from--;
      }
      int to = i;
      while (to + 1 < t.size() && t.line(to + 1) == t.line(i)) {
        to++;
      }
      bits = taints.of(from, to);
    }
    if ((bits & Taints.HOME) != 0) {
      see(Signal.CREDENTIAL, i); // path.join(os.homedir(), '.npmrc')
    }
  }

  private void see(Signal signal, int token) {
    record(signal, token, !referenceOnly && s.runsAtLoad(token));
  }

  private void record(Signal signal, int token, boolean load) {
    int line = t.line(token);
    String key = signal + ":" + line + ":" + load;
    if (!seen.add(key)) {
      return;
    }
    Sighting sighting = new Sighting(signal, file, line, t.excerpt(token));
    all.add(sighting);
    if (load) {
      atLoad.add(sighting);
    }
  }
}
