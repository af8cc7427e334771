package dev.gatehouse.analyzer.npm;

import dev.gatehouse.analyzer.vocabulary.PersistenceTargets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What values in one file carry: decoded bytes, a decipher, the home folder, a credential file's path, a
 * path outside the package, the whole environment. Values flow through assignments to variables (per
 * scope, so that minified one-letter names in different functions stay apart) and through the return
 * values of functions that decode; the analysis is flow-insensitive and runs a bounded number of rounds.
 */
final class Taints {
  static final int DECODED = 1;
  static final int DECIPHER = 2;
  static final int HOME = 4;
  static final int CREDENTIAL = 8;
  static final int OUTSIDE = 16;
  static final int ENVIRONMENT = 32;
  /** A network response: what {@code fetch} returns, and the data a response handler collects. */
  static final int FETCHED = 64;
  /** A file that makes code run later when written: a shell rc file, a CI workflow, an editor task. */
  static final int PERSISTENCE = 128;

  /** Methods whose result is text or bytes recovered from a hidden form, whatever object they are called on. */
  private static final java.util.Set<String> DECODING_METHODS = java.util.Set.of(
      "inflateSync", "inflateRawSync", "gunzipSync", "unzipSync", "brotliDecompressSync", "decompress",
      "decompressSync", "inflate", "gunzip", "inflateRaw", "brotliDecompress", "unzip");

  private static final int ROUNDS = 4;

  private final JsTokens t;
  private final JsStructure s;
  private final int[] own;
  private final Map<String, Integer> variables = new HashMap<>();
  private final Map<String, Boolean> decoders = new HashMap<>();
  /** Where each tainted variable's taint came from: the token of its first source. */
  private final Map<String, Integer> origins = new HashMap<>();
  private final boolean any;

  Taints(JsStructure structure) {
    this.s = structure;
    this.t = structure.t;
    this.own = new int[t.size()];
    boolean found = false;
    for (int i = 0; i < t.size(); i++) {
      own[i] = sourceAt(i);
      found |= own[i] != 0;
    }
    found |= seedStreamData();
    this.any = found;
    if (any) {
      propagate();
    }
  }

  /**
   * The chunk parameter of {@code x.on('data', chunk => ...)}: a stream's data, which in a response
   * handler is what the server sent. Returns true when there is one.
   */
  private boolean seedStreamData() {
    boolean seeded = false;
    for (int k = 0; k < s.functions.size(); k++) {
      JsStructure.Fn f = s.functions.get(k);
      int start = f.start();
      if (t.is(start - 1, ",") && t.isString(start - 2) && t.value(start - 2).equals("data") && t.is(start - 3, "(")
          && t.is(start - 4, "on") && t.is(start - 5, ".")) {
        int p = t.is(f.paramsOpen(), "(") ? f.paramsOpen() + 1 : f.paramsOpen();
        if (t.isIdent(p)) {
          variables.put((k + 1) + ":" + t.text(p), FETCHED);
          origins.put((k + 1) + ":" + t.text(p), p);
          seeded = true;
        }
      }
    }
    return seeded;
  }

  /** The taints of the tokens [from, to], nested function bodies left out. */
  int of(int from, int to) {
    if (!any) {
      return 0;
    }
    int bits = 0;
    for (int i = Math.max(from, 0); i <= to && i < t.size(); i++) {
      bits |= own[i];
      if (t.isIdent(i) && !t.is(i - 1, ".")) {
        bits |= variable(i);
        if (isDecoderCall(i)) {
          bits |= DECODED;
        }
        if (t.is(i + 1, ".") && (t.is(i + 2, "update") || t.is(i + 2, "final")) && (variable(i) & DECIPHER) != 0) {
          bits |= DECODED;
        }
      }
      if (s.scopeOf[i] != s.scopeOf[Math.max(from, 0)] && startsFunctionBody(i)) {
        i = s.match[i];
      }
    }
    return bits;
  }

  /**
   * The token where a taint among {@code bits} in [from, to] began: a decoding call, {@code fetch}, or
   * the source a variable there was assigned from; {@code from} when it cannot be told.
   */
  int origin(int from, int to, int bits) {
    for (int i = Math.max(from, 0); i <= to && i < t.size(); i++) {
      if ((own[i] & bits) != 0) {
        return i;
      }
      if (t.isIdent(i) && !t.is(i - 1, ".") && (variable(i) & bits) != 0) {
        Integer o = origins.get(s.resolve(t.text(i), i) + ":" + t.text(i));
        return o == null ? i : o;
      }
      if ((bits & DECODED) != 0 && t.isIdent(i) && isDecoderCall(i)) {
        return i;
      }
    }
    return Math.max(from, 0);
  }

  /** The taints of a call's arguments, given its opening parenthesis. */
  int ofArguments(int open) {
    int close = s.match[open];
    return close < 0 ? 0 : of(open + 1, close - 1);
  }

  /** The taint a token carries by itself, before any flow. */
  int own(int i) {
    return own[i];
  }

  private boolean startsFunctionBody(int i) {
    return t.is(i, "{") && s.match[i] > i;
  }

  private int variable(int i) {
    if (variables.isEmpty()) {
      return 0;
    }
    String name = t.text(i);
    Integer bits = variables.get(s.resolve(name, i) + ":" + name);
    return bits == null ? 0 : bits;
  }

  private boolean isDecoderCall(int i) {
    if (decoders.isEmpty() || !t.is(i + 1, "(")) {
      return false;
    }
    String name = t.text(i);
    return decoders.containsKey(s.resolve(name, i) + ":" + name);
  }

  private void propagate() {
    List<int[]> assignments = new ArrayList<>();
    for (int i = 1; i + 1 < t.size(); i++) {
      if ((t.is(i, "=") || t.is(i, "+=")) && t.isIdent(i - 1) && !t.is(i - 2, ".")) {
        assignments.add(new int[] {i - 1, i + 1, s.expressionEnd(i + 1)});
      }
    }
    Map<String, List<Integer>> calls = new HashMap<>();
    for (int i = 0; i + 1 < t.size(); i++) {
      if (t.isIdent(i) && t.is(i + 1, "(") && !t.is(i - 1, ".") && !t.is(i - 1, "function")) {
        calls.computeIfAbsent(t.text(i), k -> new ArrayList<>()).add(i);
      }
    }
    List<Integer> helpers = helpersWithSinks();
    for (int round = 0; round < ROUNDS; round++) {
      boolean changed = passArguments(calls, helpers);
      for (int[] a : assignments) {
        int bits = of(a[1], a[2]);
        if (bits == 0) {
          continue;
        }
        String name = t.text(a[0]);
        String key = s.resolve(name, a[0]) + ":" + name;
        int before = variables.getOrDefault(key, 0);
        if ((before | bits) != before) {
          variables.put(key, before | bits);
          origins.putIfAbsent(key, origin(a[1], a[2], bits & ~before));
          changed = true;
        }
      }
      changed |= findDecoders();
      if (!changed) {
        return;
      }
    }
  }

  /**
   * Decoded or downloaded data handed to a function of the file reaches its parameter: {@code function
   * run(c) { eval(c) } run(atob(s))} is the same flow as {@code eval(atob(s))}, only through a helper.
   */
  private boolean passArguments(Map<String, List<Integer>> calls, List<Integer> helpers) {
    boolean changed = false;
    for (int k : helpers) {
      String name = s.calledName(k + 1);
      List<Integer> sites = name == null ? null : calls.get(name);
      if (sites == null) {
        continue;
      }
      JsStructure.Fn f = s.functions.get(k);
      List<String> params = new ArrayList<>();
      for (int j = f.paramsOpen() + 1; j < f.paramsClose(); j++) {
        if (t.isIdent(j) && (t.is(j + 1, ",") || j + 1 == f.paramsClose()) && (t.is(j - 1, ",") || j - 1 == f.paramsOpen())) {
          params.add(t.text(j));
        } else if (!t.is(j, ",")) {
          break; // defaults, patterns and rest parameters: later positions are not followed
        }
      }
      int home = s.nameHome(k + 1);
      for (int call : sites) {
        if (params.isEmpty() || (call >= f.start() && call <= f.end()) || s.resolve(name, call) != home) {
          continue;
        }
        int open = call + 1;
        int from = open + 1;
        int index = 0;
        for (int j = from; j <= s.match[open] && index < params.size() && s.match[open] > 0; j++) {
          if (t.is(j, ",") || j == s.match[open]) {
            int bits = of(from, j - 1) & (DECODED | FETCHED);
            String key = (k + 1) + ":" + params.get(index);
            int before = variables.getOrDefault(key, 0);
            if ((before | bits) != before) {
              variables.put(key, before | bits);
              origins.putIfAbsent(key, origin(from, j - 1, bits));
              changed = true;
            }
            index++;
            from = j + 1;
          } else if (s.match[j] > j) {
            j = s.match[j];
          }
        }
      }
    }
    return changed;
  }

  /** Names that run or store what they are given; a helper worth following calls one of them itself. */
  private static final java.util.Set<String> SINK_NAMES = java.util.Set.of(
      "eval", "Function", "exec", "execSync", "execFile", "execFileSync", "spawn", "spawnSync", "fork",
      "runInThisContext", "runInNewContext", "runInContext", "compileFunction", "Script", "_compile",
      "writeFile", "writeFileSync", "constructor");

  /**
   * The functions (scope index minus one) whose own body names a sink: following arguments into every
   * function of a large bundle would cost a pass over all its calls per round for nothing.
   */
  private List<Integer> helpersWithSinks() {
    List<Integer> helpers = new ArrayList<>();
    for (int k = 0; k < s.functions.size(); k++) {
      JsStructure.Fn f = s.functions.get(k);
      if (s.calledName(k + 1) == null || f.paramsClose() <= f.paramsOpen() + 1) {
        continue;
      }
      for (int i = f.bodyOpen(); i <= f.end() && i < t.size(); i++) {
        if (s.scopeOf[i] == k + 1 && t.isIdent(i) && SINK_NAMES.contains(t.text(i))) {
          helpers.add(k);
          break;
        }
      }
    }
    return helpers;
  }

  /** Functions that return decoded data: calling one decodes, as flatmap-stream's {@code e(hex)} did. */
  private boolean findDecoders() {
    boolean changed = false;
    for (int k = 0; k < s.functions.size(); k++) {
      JsStructure.Fn f = s.functions.get(k);
      String name = s.calledName(k + 1);
      if (name == null) {
        continue;
      }
      String key = s.nameHome(k + 1) + ":" + name;
      if (decoders.containsKey(key)) {
        continue;
      }
      for (int i = f.bodyOpen(); i <= f.end(); i++) {
        boolean returned = t.is(i, "return") || (i == f.bodyOpen() && !t.is(i, "{"));
        if (returned && s.scopeOf[i] == k + 1) {
          int from = t.is(i, "return") ? i + 1 : i;
          if ((of(from, s.expressionEnd(from)) & DECODED) != 0) {
            decoders.put(key, true);
            changed = true;
            break;
          }
        }
      }
    }
    return changed;
  }

  private int sourceAt(int i) {
    if (t.isText(i)) {
      return textTaint(t.value(i));
    }
    if (t.isIdent(i) && t.is(i - 1, ".") && t.is(i + 1, "(") && DECODING_METHODS.contains(t.text(i))) {
      return DECODED; // zlib.inflateSync(blob), inflated payloads
    }
    if (t.is(i, "reverse") && t.is(i - 1, ".") && t.is(i - 2, ")") && t.is(i + 1, "(") && t.is(i + 3, ".")
        && t.is(i + 4, "join") && s.match[i - 2] > 0 && t.is(s.match[i - 2] - 1, "split")) {
      return DECODED; // x.split('').reverse().join(''): text stored backwards
    }
    if (t.isIdent(i) && t.is(i + 1, ".") && t.is(i + 2, "from") && !t.is(i - 1, ".") && decodesBuffer(i)) {
      return DECODED; // Buffer under another name, as a minified wrapper passes it in
    }
    if (!t.isIdent(i) || (t.is(i - 1, ".") && !t.is(i, "homedir") && !t.is(i, "createDecipheriv")
        && !t.is(i, "createDecipher"))) {
      return 0;
    }
    String id = t.text(i);
    switch (id) {
      case "Buffer":
        return decodesBuffer(i) ? DECODED : 0;
      case "atob":
        return t.is(i + 1, "(") ? DECODED : 0;
      case "decodeURIComponent", "unescape", "decodeURI":
        // only text written as escapes is hidden; decoding a URL taken from input is ordinary
        return t.is(i + 1, "(") && t.isText(i + 2) && t.value(i + 2).chars().filter(c -> c == '%').count() >= 3
            ? DECODED : 0;
      case "fetch":
        return t.is(i + 1, "(") ? FETCHED : 0;
      case "homedir":
        return t.is(i + 1, "(") ? HOME : 0;
      case "createDecipher":
      case "createDecipheriv":
        return t.is(i + 1, "(") ? DECIPHER : 0;
      case "process":
        return processTaint(i);
      case "String":
        // String.fromCharCode(104, 116, ...) spelled out builds text that never appears as a literal
        // String.fromCharCode(c ^ key) in a loop, or .apply(null, codes): a decoder whatever its arity
        return t.is(i + 2, "fromCharCode") && (t.is(i + 3, "(") || t.is(i + 3, ".")) ? DECODED : 0;
      default:
        return 0;
    }
  }

  private int processTaint(int i) {
    if (!t.is(i + 1, ".") || !t.is(i + 2, "env")) {
      return 0;
    }
    String name = t.is(i + 3, ".") && t.isIdent(i + 4) ? t.text(i + 4)
        : t.is(i + 3, "[") && t.isString(i + 4) ? t.value(i + 4) : null;
    if (name != null) {
      // INIT_CWD is the folder `npm install` was started in: the consumer's project, not this package.
      return isHomeVariable(name) ? HOME : name.equals("INIT_CWD") ? OUTSIDE : 0;
    }
    if (t.is(i + 3, "[")) {
      return 0;
    }
    // `process.env && process.env.X`, `typeof process.env`: a test of the object, not a use of its contents
    for (String test : new String[] {"&&", "||", "??", "?", "===", "!==", "==", "!="}) {
      if (t.is(i + 3, test) || t.is(i - 1, test)) {
        return 0;
      }
    }
    return t.is(i - 1, "typeof") || t.is(i - 1, "!") ? 0 : ENVIRONMENT;
  }

  static boolean isHomeVariable(String name) {
    return switch (name) {
      case "HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "XDG_CONFIG_HOME" -> true;
      default -> false;
    };
  }

  /** {@code Buffer.from(x, 'base64')}, {@code new Buffer(x, 'hex')}, {@code Buffer(x, 'base64')}. */
  private boolean decodesBuffer(int i) {
    int open = t.is(i + 1, ".") && t.is(i + 2, "from") ? i + 3 : i + 1;
    if (!t.is(open, "(") || s.match[open] < 0) {
      return false;
    }
    int close = s.match[open];
    String encoding = t.isString(close - 1) && t.is(close - 2, ",") ? t.value(close - 1).toLowerCase(Locale.ROOT) : "";
    return encoding.equals("base64") || encoding.equals("hex") || encoding.equals("base64url");
  }

  static int textTaint(String text) {
    int bits = 0;
    if (text.startsWith("~/") || text.startsWith("~\\") || text.startsWith("$HOME") || text.startsWith("%USERPROFILE%")) {
      bits |= HOME;
    }
    if (CredentialPaths.mentions(text)) {
      bits |= CREDENTIAL;
    }
    if (CredentialPaths.outsidePackage(text)) {
      bits |= OUTSIDE;
    }
    if (text.length() <= 256 && text.indexOf(' ') < 0 && (text.indexOf('.') >= 0 || text.indexOf('/') >= 0)
        && PersistenceTargets.named(text).isPresent()) {
      bits |= PERSISTENCE;
    }
    return bits;
  }
}
