package dev.gatehouse.analyzer.npm;

import dev.gatehouse.analyzer.vocabulary.OutOfBandHosts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
 *
 * <p>Over 600 lines because every sighting is recorded through one place ({@code record}) that knows the
 * file's load-time structure, bindings, taints and constants; the flows to sinks (decoded, downloaded,
 * dropped files) share that state. Splitting the flows into their own type is the next step when this grows.
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
  private final JsConstants constants;
  private final Taints taints;
  /** Names bound to {@code eval} or {@code Function}, per scope: {@code const run = Function}. */
  private final Set<String> codeRunners = new HashSet<>();
  /** Network calls: {open, end of the call and its chained handlers, call token}; their callbacks see the response. */
  private final List<int[]> networkCalls = new ArrayList<>();
  /** Code sinks whose input is not literal: {sink token, argument open}. */
  private final List<int[]> sinks = new ArrayList<>();
  /** {@code chmod(path, 0o755)} calls: {at, open, at load}; see {@link #droppers}. */
  private final List<int[]> chmods = new ArrayList<>();
  private boolean dropsData;
  private int outOfBand = -1;
  private String outOfBandWhy = "";
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
    this.constants = new JsConstants(s);
    this.modules = new JsModules(s, constants);
    this.taints = new Taints(s);
    this.depth = depth;
    this.passes = maxPasses;
    this.budget = tokenBudget;
    this.tokensUsed = tokens.size();
    loads.addAll(modules.loads);
    findCodeRunners();
    scan(maxPasses, tokenBudget);
    fetchedCode();
    droppers();
  }

  /**
   * A file made executable counts when what it holds came from the network or from decoding: a chmod in
   * the handler of a download, a file written with decoded or downloaded data, or a path outside the
   * package. Making the package's own binary executable again, or a copy of it (esbuild does both at
   * load), is not a dropper.
   */
  private void droppers() {
    for (int[] c : chmods) {
      int[] download = networkCalls.stream().filter(n -> c[0] > n[0] && c[0] <= n[1]).findFirst().orElse(null);
      boolean outside = (taints.ofArguments(c[1]) & (Taints.HOME | Taints.OUTSIDE | Taints.DECODED)) != 0;
      if (download != null) {
        // in a response handler: it runs because the download, made where the call is, completes
        record(Signal.EXECUTABLE, c[0], c[2] == 1 || s.runsAtLoad(download[2]), chain(c[0], download[2], "the file from"));
      } else if (outside || dropsData) {
        record(Signal.EXECUTABLE, c[0], c[2] == 1);
      }
    }
  }

  /**
   * {@code const run = Function}, {@code var e = global['ev' + 'al']}, and the parameters of a function
   * called with {@code eval} or {@code Function} where it is written: other names for the code sinks.
   */
  private void findCodeRunners() {
    for (int i = 2; i < t.size(); i++) {
      if (t.is(i - 1, "=") && t.isIdent(i - 2) && !t.is(i - 3, ".") && isCodeRunner(i)) {
        codeRunners.add(s.resolve(t.text(i - 2), i - 2) + ":" + t.text(i - 2));
      }
    }
    for (String sink : new String[] {"eval", "Function"}) {
      for (String name : JsModules.passedTo(s, sink)) {
        codeRunners.add("*:" + name);
      }
    }
  }

  /** True when the expression at {@code i} is {@code eval} or {@code Function} itself, not a call of it. */
  private boolean isCodeRunner(int i) {
    int end;
    String name;
    if (t.is(i, "eval") || t.is(i, "Function")) {
      name = t.text(i);
      end = i;
    } else if (t.isIdent(i) && GLOBAL_OBJECTS.contains(t.text(i)) && t.is(i + 1, ".") && t.isIdent(i + 2)) {
      name = t.text(i + 2);
      end = i + 2;
    } else if (t.isIdent(i) && GLOBAL_OBJECTS.contains(t.text(i)) && t.is(i + 1, "[") && s.match[i + 1] > i) {
      name = constants.of(i + 2, s.match[i + 1] - 1);
      end = s.match[i + 1];
    } else {
      return false;
    }
    return ("eval".equals(name) || "Function".equals(name))
        && (t.is(end + 1, ";") || t.is(end + 1, ",") || t.is(end + 1, ")") || end + 1 >= t.size()
            || t.line(end + 1) > t.line(end));
  }

  private boolean isCodeRunnerName(int i) {
    String name = t.text(i);
    return !codeRunners.isEmpty() && (codeRunners.contains(s.resolve(name, i) + ":" + name)
        || codeRunners.contains("*:" + name));
  }

  /**
   * Code sinks inside the handlers of a network call run what the server sent: {@code https.get(u, r =>
   * { r.on('data', c => d += c); r.on('end', () => eval(d)) })}. Counted where the call is made, since
   * the handlers run because of it.
   */
  private void fetchedCode() {
    for (int[] sink : sinks) {
      for (int[] call : networkCalls) {
        if (sink[0] > call[0] && sink[0] <= call[1]) {
          record(Signal.FETCHED_CODE, sink[0], s.runsAtLoad(call[2]),
              chain(sink[0], call[2], "the response of"));
          break;
        }
      }
    }
  }

  /** "eval(d) (line 9) runs what comes from https.get(…) (line 4)": both ends of a flow. */
  private String chain(int sink, int source, String how) {
    return t.excerpt(sink) + " [line " + t.line(sink) + "] ← " + how + " " + t.excerpt(source) + " [line "
        + t.line(source) + "]";
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
        String name = constants.of(i + 1, s.match[i] - 1);
        if (name != null && computedCall(i, name, maxPasses, tokenBudget)) {
          continue;
        }
        if ((taints.of(i + 1, s.match[i] - 1) & Taints.DECODED) != 0) {
          see(Signal.DYNAMIC, i); // obj[decode("...")](...): a call whose name is hidden
          sinkArguments(i, s.match[i] + 1);
        }
      } else if (t.is(i, ".") && (t.is(i + 1, "write") || t.is(i + 1, "send") || t.is(i + 1, "end"))
          && t.is(i + 2, "(")) {
        sent(i + 1, i + 2);
      } else if (t.isText(i)) {
        if ((taints.own(i) & Taints.CREDENTIAL) != 0) {
          credentialText(i);
        }
        if (outOfBand < 0 && mayNameAHost(i)) {
          Optional<String> why = OutOfBandHosts.reason(t.value(i));
          if (why.isPresent()) {
            outOfBand = i;
            outOfBandWhy = why.get();
          }
        }
      }
    }
    outOfBand();
    for (int[] folded : modules.foldedRequires) {
      hiddenName(folded[0], JsModules.normalize(modules.loads.get(folded[1]).specifier()));
    }
    for (int open : modules.computedRequires) {
      if ((taints.ofArguments(open) & Taints.DECODED) != 0) {
        see(Signal.OBFUSCATED, open); // require(decode("...")): the module's name is hidden
      }
    }
    Obfuscation.find(t, s).ifPresent(token -> {
      record(Signal.OBFUSCATED, token, true);
      // In obfuscated code a module loaded by a computed name is a load whose target was hidden on purpose.
      for (int open : modules.computedRequires) {
        see(Signal.DYNAMIC, open - 1);
      }
    });
    // A file-wide fingerprint, like obfuscation: wherever the blob sits, the file that carries it runs.
    PackedPayload.find(t).ifPresent(blob -> record(Signal.PACKED, blob.token(), true,
        blob.description() + ": " + t.excerpt(blob.token())));
  }

  /**
   * {@code obj[name](...)} where {@code name} folds to a constant: {@code global['ev' + 'al'](x)}, {@code
   * []['constructor']['constructor'](x)}, {@code cp[a](cmd)}, {@code require(m)[a](cmd)}. True when the call
   * was judged here.
   */
  private boolean computedCall(int open, String name, int maxPasses, long tokenBudget) {
    int args = s.match[open] + 1;
    if (s.match[open] != open + 2 || !t.isText(open + 1)) {
      hiddenName(open, name);
    }
    int receiver = open - 1;
    if (name.equals("constructor") && (t.is(receiver, "constructor")
        || (t.is(receiver, "]") && "constructor".equals(constants.of(s.match[receiver] + 1, receiver - 1))))) {
      dynamicSink(open, args, maxPasses, tokenBudget); // [].constructor['constructor']("code")(): Function
      return true;
    }
    if (t.isIdent(receiver) && (GLOBAL_OBJECTS.contains(t.text(receiver)) || t.is(receiver, "this"))
        && (name.equals("eval") || name.equals("Function"))) {
      dynamicSink(open, args, maxPasses, tokenBudget);
      return true;
    }
    if (t.isIdent(receiver)) {
      JsModules.Binding b = modules.bindingAt(receiver);
      if (b != null && b.member() == null) {
        member(b.module(), name, args, receiver);
        return true;
      }
    }
    if (t.is(receiver, ")") && s.match[receiver] > 0 && modules.isRequireName(t.text(s.match[receiver] - 1))) {
      String module = constants.argument(s.match[receiver]);
      if (module != null) {
        member(JsModules.normalize(module), name, args, s.match[receiver] - 1);
        return true;
      }
    }
    return false;
  }

  /** Names of the modules and functions that run code, spawn or reach the network; see {@link #hiddenName}. */
  private static final Set<String> SENSITIVE_NAMES = Set.of(
      "child_process", "http", "https", "net", "dns", "vm", "eval", "Function", "constructor", "exec", "execSync",
      "spawn", "spawnSync", "execFile", "execFileSync", "fork", "runInNewContext", "runInThisContext", "request",
      "_compile");

  /**
   * A sensitive name built from pieces ({@code 'child_' + 'process'}, {@code ['ex', 'ec'].join('')}): code
   * written so that its calls cannot be found by reading it. Ordinary code names modules and functions
   * as they are.
   */
  private void hiddenName(int at, String name) {
    if (SENSITIVE_NAMES.contains(name)) {
      record(Signal.OBFUSCATED, at, !referenceOnly && s.runsAtLoad(at),
          "builds the name `" + name + "` from pieces: " + t.excerpt(at));
    }
  }

  /** A short literal with a dot or a colon and no spaces: cheap to test before the host patterns are. */
  private boolean mayNameAHost(int i) {
    int length = t.end(i) - t.start(i);
    if (length < 6 || length > 512) {
      return false;
    }
    boolean dot = false;
    for (int k = t.start(i) + 1; k < t.end(i) - 1; k++) {
      char c = t.source().charAt(k);
      if (c == ' ' || c == '\n') {
        return false;
      }
      dot |= c == '.' || c == ':';
    }
    return dot;
  }

  /** An out-of-band host named in a file that reaches the network or spawns: where the data goes. */
  private void outOfBand() {
    if (outOfBand < 0) {
      return;
    }
    boolean reaches = all.stream().anyMatch(x -> x.signal() == Signal.NETWORK || x.signal() == Signal.DNS
        || x.signal() == Signal.SPAWN);
    if (reaches) {
      boolean load = atLoad.stream().anyMatch(x -> x.signal() == Signal.NETWORK || x.signal() == Signal.DNS
          || x.signal() == Signal.SPAWN);
      record(Signal.OUT_OF_BAND, outOfBand, load, outOfBandWhy + ": " + t.excerpt(outOfBand));
    }
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
      } else if (t.is(next, "[") && s.match[next] > next && constants.of(next + 1, s.match[next] - 1) != null) {
        member = constants.of(next + 1, s.match[next] - 1);
        next = s.match[next] + 1;
      } else {
        member = "";
      }
    }
    member(b.module(), member, t.is(next, "(") ? next : -1, i);
  }

  private void requireUse(int i) {
    int close = s.match[i + 1];
    String spec = close == i + 3 && t.isText(i + 2) ? t.value(i + 2) : constants.argument(i + 1);
    if (close < 0 || spec == null) {
      return;
    }
    String module = JsModules.normalize(spec);
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
          if (open >= 0) {
            sinks.add(new int[] {at, open});
            sinkArguments(at, open);
          }
        }
        break;
      case "http", "https", "http2", "net", "tls", "dgram":
        if (NET.contains(member) && !wrapsDescriptor(member, open)) {
          see(Signal.NETWORK, at);
          sent(at, open);
          networkCall(at, open);
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
        if (open >= 0 && FS_WRITE.contains(member) && !member.startsWith("mkdir") && !member.startsWith("rm")
            && !member.startsWith("unlink") && (taints.ofArguments(open) & Taints.PERSISTENCE) != 0) {
          see(Signal.PERSISTENCE, at); // Shai-Hulud's .github/workflows file, an appended .bashrc line
        }
        if (open >= 0 && FS_WRITE.contains(member) && (taints.ofArguments(open) & (Taints.DECODED | Taints.FETCHED)) != 0) {
          dropsData = true; // fs.writeFileSync(f, Buffer.from(blob, 'base64'))
        }
        if (open >= 0 && (member.equals("chmod") || member.equals("chmodSync")) && executableMode(open)) {
          chmods.add(new int[] {at, open, !referenceOnly && s.runsAtLoad(at) ? 1 : 0});
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
          networkCall(at, open);
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
  /**
   * {@code new net.Socket({fd: 1, writable: true})}: a socket around a descriptor the process already holds (its
   * stdout, piped to another process), which reaches no host. debug 2.x opens its output stream this way as it
   * loads, as node's own stdio code did.
   */
  private boolean wrapsDescriptor(String member, int open) {
    if (!member.equals("Socket") || open < 0 || !t.is(open + 1, "{") || s.match[open + 1] < 0) {
      return false;
    }
    int close = s.match[open + 1];
    for (int i = open + 2; i < close; i++) {
      if ((t.is(i, "{") || t.is(i, "(") || t.is(i, "[")) && s.match[i] > i) {
        i = s.match[i]; // a nested value: its keys are not the socket's options
        continue;
      }
      boolean key = (t.isIdent(i) && t.text(i).equals("fd")) || (t.isText(i) && t.value(i).equals("fd"));
      if (key && (t.is(i - 1, "{") || t.is(i - 1, ",")) && (t.is(i + 1, ":") || t.is(i + 1, ",") || t.is(i + 1, "}"))) {
        return true;
      }
    }
    return false;
  }

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
          networkCall(i, i + 1);
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
        if (call && isCodeRunnerName(i)) {
          dynamicSink(i, i + 1, maxPasses, tokenBudget); // const run = Function; run(code)
        }
        break;
    }
  }

  /** Remembers a network call and its chained handlers ({@code .then(...)}, {@code .on(...)}). */
  private void networkCall(int at, int open) {
    if (open < 0 || s.match[open] < 0) {
      return;
    }
    int end = s.match[open];
    while (t.is(end + 1, ".") && t.isIdent(end + 2) && t.is(end + 3, "(") && s.match[end + 3] > 0) {
      end = s.match[end + 3];
    }
    networkCalls.add(new int[] {open, end, at});
  }

  /** A mode with an execute bit: {@code 0o755}, {@code 0755}, {@code 493}, {@code '755'}, {@code '+x'}. */
  private boolean executableMode(int open) {
    int close = s.match[open];
    int mode = -1;
    for (int j = open + 1; j < close; j++) {
      if (t.is(j, ",") && s.enclosing[j] == open) {
        mode = j + 1; // the second argument; a callback may follow it
        break;
      }
    }
    if (mode < 0 || !(t.is(mode + 1, ",") || mode + 1 == close)) {
      return false;
    }
    if (t.kind(mode) != JsTokens.Kind.NUMBER && !t.isString(mode)) {
      return false;
    }
    String text = t.isString(mode) ? t.value(mode) : t.text(mode).toLowerCase(java.util.Locale.ROOT);
    if (t.isString(mode) && text.matches("[ugoa]*\\+[rwxX]*[xX][rwxX]*")) {
      return true;
    }
    int bits;
    if (text.startsWith("0x")) {
      bits = parse(text.substring(2), 16);
    } else if (text.startsWith("0o")) {
      bits = parse(text.substring(2), 8);
    } else if (t.isString(mode) || (text.startsWith("0") && text.length() > 1)) {
      bits = parse(text, 8);
    } else {
      bits = parse(text, 10);
    }
    return bits > 0 && (bits & 0111) != 0;
  }

  private static int parse(String digits, int radix) {
    try {
      return Integer.parseInt(digits.replace("_", ""), radix);
    } catch (NumberFormatException notANumber) {
      return -1;
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
    sinks.add(new int[] {at, open});
    sinkArguments(at, open);
  }

  /** Decoded or downloaded data reaching the sink at {@code at}: the flow, with both ends as evidence. */
  private void sinkArguments(int at, int open) {
    int bits = taints.ofArguments(open);
    if ((bits & Taints.DECODED) != 0) {
      int from = taints.origin(open + 1, s.match[open] - 1, Taints.DECODED);
      record(Signal.ENCODED, at, !referenceOnly && s.runsAtLoad(at), chain(at, from, "decoded by"));
    }
    if ((bits & Taints.FETCHED) != 0) {
      int from = taints.origin(open + 1, s.match[open] - 1, Taints.FETCHED);
      record(Signal.FETCHED_CODE, at, !referenceOnly && s.runsAtLoad(at), chain(at, from, "downloaded by"));
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
    record(signal, token, load, t.excerpt(token));
  }

  private void record(Signal signal, int token, boolean load, String excerpt) {
    int line = t.line(token);
    String key = signal + ":" + line + ":" + load;
    if (!seen.add(key)) {
      return;
    }
    Sighting sighting = new Sighting(signal, file, line, excerpt);
    all.add(sighting);
    if (load) {
      atLoad.add(sighting);
    }
  }
}
