package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.python.Expressions.Chain;
import dev.gatehouse.analyzer.python.PythonCapabilities.CallKind;
import dev.gatehouse.analyzer.python.ValueFacts.Fact;
import dev.gatehouse.analyzer.vocabulary.OutOfBandHosts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells what an expression holds ({@link ValueFacts}) without reporting anything: whether it is the
 * whole environment, a decoded payload, a path of the package or outside it, a credential path. The
 * scanner asks it about call arguments and assigned values. Pure: no state beyond its decoder.
 */
final class Inspector {
  /** Literals at least this long, in a base64 or hex alphabet, count as encoded blobs. */
  static final int BLOB_CHARS = 1024;

  /** Calls that build a path from their arguments without leaving the package. */
  private static final Set<String> PATH_CALLS = Set.of(
      "os.path.join", "os.path.dirname", "os.path.abspath", "os.path.realpath", "os.path.normpath",
      "pathlib.Path", "pathlib.PurePath", "pathlib.PurePosixPath", "builtins.str", "os.fspath");
  /** Methods of paths and files that keep an expression a path of the package, or read it. */
  private static final Set<String> PATH_METHODS = Set.of(
      "parent", "resolve", "absolute", "joinpath", "read", "read_text", "read_bytes", "strip", "decode", "encode",
      "open", "with_name", "with_suffix");
  private static final Set<String> READ_METHODS = Set.of("read", "read_text", "read_bytes");
  /** Whole-environment methods; {@code get}, {@code [...]} and the like read one variable. */
  private static final Set<String> ENV_WHOLE_METHODS = Set.of("copy", "items", "keys", "values");
  /** Calls that tell who and where this machine is: what beacons send home. */
  static final Set<String> IDENTITY_CALLS = Set.of(
      "socket.gethostname", "socket.getfqdn", "platform.node", "platform.uname", "os.uname", "getpass.getuser",
      "os.getlogin", "os.getuid", "os.getcwd", "platform.platform", "uuid.getnode", "pwd.getpwuid");
  /** Environment variables that name the user or the machine. */
  private static final Set<String> IDENTITY_VARIABLES = Set.of(
      "USER", "USERNAME", "LOGNAME", "HOSTNAME", "COMPUTERNAME", "USERDOMAIN", "HOME", "USERPROFILE");
  /** Literals at least this long with at least {@link #ENTROPY_BITS} bits a character are encrypted or packed. */
  static final int ENTROPY_CHARS = 256;
  static final double ENTROPY_BITS = 5.2;

  private final PayloadDecoder decoder;

  Inspector(PayloadDecoder decoder) {
    this.decoder = decoder;
  }

  ValueFacts inspect(List<PythonToken> t, int from, int to, Scope scope) {
    return inspect(t, from, to, scope, 0);
  }

  private ValueFacts inspect(List<PythonToken> t, int from, int to, Scope scope, int nesting) {
    EnumSet<Fact> facts = EnumSet.noneOf(Fact.class);
    List<String> segments = new ArrayList<>();
    String decoded = null;
    int layers = 0;
    String credential = null;
    String outOfBand = null;
    String origin = null;
    String filePath = null;
    boolean pathish = true;
    boolean reads = false;
    boolean comprehension = false;
    boolean filtered = false;
    for (int i = from; i < to; i++) {
      PythonToken k = t.get(i);
      if (k.is("for")) {
        comprehension = true;
      } else if (k.is("if") && comprehension && EnvironmentUse.filters(t, i, to)) {
        filtered = true; // {k: v for k, v in os.environ.items() if k.startswith("APP_")}: some names only
      }
      if (k.isString()) {
        String v = k.value();
        Optional<String> store = PythonCapabilities.credentialStore(v);
        if (store.isPresent()) {
          facts.add(Fact.CRED);
          credential = credential == null ? store.get() : credential;
        }
        if (PythonCapabilities.outsidePath(v)) {
          facts.add(Fact.OUTSIDE);
        }
        String oob = outOfBand(v);
        if (oob != null) {
          facts.add(Fact.OUT_OF_BAND);
          outOfBand = outOfBand == null ? oob : outOfBand;
        }
        if (PythonCapabilities.encodedBlob(v, BLOB_CHARS) || highEntropy(v)) {
          facts.add(Fact.BLOB);
        }
        if (nesting < Expressions.MAX_NESTING) {
          for (String field : k.fields()) {
            List<PythonToken> inner = PythonTokenizer.tokenize(field);
            ValueFacts f = inspect(inner, 0, Math.max(0, inner.size() - 1), scope, nesting + 1);
            for (Fact carried : List.of(Fact.IDENTITY, Fact.FETCHED, Fact.DECODED, Fact.OUT_OF_BAND)) {
              if (f.has(carried)) {
                facts.add(carried);
              }
            }
            outOfBand = outOfBand == null ? f.outOfBand() : outOfBand;
          }
        }
        segments.add(v);
        continue;
      }
      if (k.is("__file__")) {
        facts.add(Fact.HERE);
        continue;
      }
      if (k.isName() && Expressions.afterDot(t, i)) {
        String method = k.text();
        if (!PATH_METHODS.contains(method)) {
          pathish = false;
        }
        reads |= READ_METHODS.contains(method);
        if (method.equals("decrypt") && i + 1 < to && t.get(i + 1).is("(")) {
          facts.add(Fact.DECODED); // Fernet(key).decrypt(token): the encrypted-payload droppers of 2022-2023
          layers = Math.max(layers, 1);
        }
        continue;
      }
      if (Expressions.chainStart(t, i)) {
        Chain chain = Expressions.chain(t, i, to, scope);
        boolean call = chain.callsAt(t, to);
        if (chain.value() != null) {
          ValueFacts v = chain.value();
          absorb(facts, v, chain.parts().size() == 1 && !(chain.end() < to && t.get(chain.end()).is("["))
              || (chain.parts().size() == 2 && ENV_WHOLE_METHODS.contains(chain.last())));
          if (v.has(Fact.CLIENT) && call && chain.parts().size() == 2
              && PythonCapabilities.CLIENT_METHODS.contains(chain.last())) {
            facts.add(Fact.FETCHED); // session.get(url)
          }
          if (v.layers() > layers) {
            decoded = v.decoded();
            layers = v.layers();
          }
          credential = credential == null ? v.credential() : credential;
          outOfBand = outOfBand == null ? v.outOfBand() : outOfBand;
          origin = origin == null ? v.origin() : origin;
          if (v.path() != null && !v.has(Fact.FILE)) {
            segments.add(v.path());
          } else if (v.has(Fact.FILE)) {
            filePath = v.path();
          }
        } else if (chain.qualified() != null) {
          String q = chain.qualified();
          CallKind kind = PythonCapabilities.classify(q);
          if (environmentWhole(t, chain, to)) {
            facts.add(Fact.ENV);
          }
          if (PythonCapabilities.OUTSIDE_NAMES.contains(q) || kind == CallKind.OUTSIDE_PATH
              || chain.last().equals("expanduser") || chain.last().equals("home")) {
            facts.add(Fact.OUTSIDE);
          }
          if (call && kind == CallKind.DECODE && !plainCodec(t, chain, to, scope)) {
            facts.add(Fact.DECODED);
            origin = origin == null ? q + " at line " + t.get(chain.start()).line() : origin;
            Decoding d = decode(t, chain, to, scope, 0);
            if (d.layers > layers) {
              layers = d.layers;
              decoded = d.text;
            }
          }
          if (call && kind == CallKind.CLIENT && chain.start() == from) {
            facts.add(Fact.CLIENT);
          }
          if (call && kind == CallKind.NETWORK) {
            facts.add(Fact.FETCHED);
            origin = origin == null ? q + " at line " + t.get(chain.start()).line() : origin;
            if (asksForOwnAddress(t, chain, to)) {
              facts.add(Fact.IDENTITY); // the machine's public address, to send on
            }
          }
          if (IDENTITY_CALLS.contains(q) && (call || q.equals("os.uname"))) {
            facts.add(Fact.IDENTITY);
          }
          if (call && (q.equals("os.getenv") || q.equals("os.environ.get")) && namesIdentity(t, chain, to)) {
            facts.add(Fact.IDENTITY);
          }
          if (q.equals("builtins.chr")) {
            facts.add(Fact.ASSEMBLED);
          }
          if (call && kind == CallKind.OPEN && nesting < Expressions.MAX_NESTING) {
            int close = Expressions.close(t, chain.end(), to);
            List<int[]> args = Expressions.split(t, chain.end() + 1, close);
            int[] path = Expressions.argument(t, args, 0, "file");
            if (path != null) {
              ValueFacts p = inspect(t, path[0], path[1], scope, nesting + 1);
              if (p.has(Fact.OWN_PATH)) {
                filePath = p.path();
              }
            }
          }
          if (!PATH_CALLS.contains(q) && !(kind == CallKind.OPEN)) {
            pathish = false;
          }
        } else {
          pathish = false;
        }
        i = chain.end() - 1;
        continue;
      }
      if (k.kind() == PythonToken.Kind.OP) {
        if (k.is(":") && i + 1 < to && t.get(i + 1).is(":")) {
          facts.add(Fact.ASSEMBLED); // [::-1]
        }
        if (!(k.is("/") || k.is("+") || k.is(",") || k.is("(") || k.is(")") || k.is("."))) {
          pathish = false;
        }
      } else if (k.kind() == PythonToken.Kind.NUMBER || k.isName()) {
        pathish = false;
      }
    }
    if (filtered) {
      facts.remove(Fact.ENV);
    }
    String path = null;
    if (filePath != null) {
      facts.add(Fact.FILE);
      path = filePath;
    } else if (pathish && (!segments.isEmpty() || facts.contains(Fact.HERE))
        && !facts.contains(Fact.OUTSIDE) && !facts.contains(Fact.CRED) && !facts.contains(Fact.ENV)) {
      path = String.join("/", segments);
      facts.add(reads ? Fact.FILE : Fact.OWN_PATH);
    }
    return new ValueFacts(facts, path, decoded, layers, credential, outOfBand, origin);
  }

  /** A URL with a scheme, or a bare host name (a DNS beacon's suffix, {@code ".oast.fun"}). */
  private static final Pattern URL_OR_HOST = Pattern.compile(
      "(?i)[a-z][a-z0-9+.-]*://[^\\s\"'<>]+|\\.?[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}(:\\d+)?(/[^\\s\"'<>]*)?");

  /**
   * Why {@code literal} names an out-of-band service, with the host, or null. Only URLs and host names
   * are asked about: a regular expression or a netmask is not an address anyone connects to.
   */
  static String outOfBand(String literal) {
    String text = literal.strip();
    if (text.length() < 4 || text.length() > 2048 || !URL_OR_HOST.matcher(text).matches()) {
      return null;
    }
    String host = text.startsWith(".") ? text.substring(1) : text;
    return OutOfBandHosts.reason(host).map(why -> why + " " + shortHost(host)).orElse(null);
  }

  private static String shortHost(String url) {
    int scheme = url.indexOf("://");
    int from = scheme < 0 ? 0 : scheme + 3;
    int end = from;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    return url.substring(from, Math.min(end, from + 80));
  }

  /** Services that answer with the caller's public address: what a beacon asks before it reports. */
  private static final Set<String> ADDRESS_SERVICES = Set.of(
      "api.ipify.org", "api64.ipify.org", "ipinfo.io", "ifconfig.me", "icanhazip.com", "ipv4.icanhazip.com",
      "checkip.amazonaws.com", "ip-api.com", "ipapi.co", "myexternalip.com", "wtfismyip.com", "ident.me",
      "httpbin.org/ip", "ipecho.net");

  private static boolean asksForOwnAddress(List<PythonToken> t, Chain chain, int to) {
    int close = Expressions.close(t, chain.end(), to);
    for (int i = chain.end(); i < close; i++) {
      if (t.get(i).isString()) {
        String v = t.get(i).value().toLowerCase(Locale.ROOT);
        for (String service : ADDRESS_SERVICES) {
          if (v.contains("//" + service) || v.startsWith(service)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** True for {@code os.getenv("USER")} and the like: the user's or machine's name. */
  private static boolean namesIdentity(List<PythonToken> t, Chain chain, int to) {
    int close = Expressions.close(t, chain.end(), to);
    int[] name = Expressions.argument(t, Expressions.split(t, chain.end() + 1, close), 0, "key");
    return name != null && Expressions.onlyStrings(t, name[0], name[1])
        && IDENTITY_VARIABLES.contains(Expressions.strings(t, name[0], name[1]));
  }

  /** A long literal whose characters are as varied as encrypted or compressed data; prose and code are not. */
  static boolean highEntropy(String literal) {
    if (literal.length() < ENTROPY_CHARS || literal.length() > 1 << 22) {
      return false;
    }
    Map<Character, Integer> counts = new HashMap<>();
    for (int i = 0; i < literal.length(); i++) {
      counts.merge(literal.charAt(i), 1, Integer::sum);
    }
    double bits = 0;
    for (int c : counts.values()) {
      double p = (double) c / literal.length();
      bits -= p * Math.log(p) / Math.log(2);
    }
    return bits >= ENTROPY_BITS;
  }

  private static void absorb(EnumSet<Fact> facts, ValueFacts v, boolean whole) {
    for (Fact f : v.facts()) {
      if (f == Fact.ENV && !whole) {
        continue;
      }
      if (f != Fact.OWN_PATH && f != Fact.FILE) {
        facts.add(f);
      }
    }
  }

  /**
   * True when the chain is the environment as a whole: {@code os.environ} not followed by {@code [} or
   * a one-variable method, or {@code os.environ.copy()/items()/keys()/values()}.
   */
  static boolean environmentWhole(List<PythonToken> t, Chain chain, int to) {
    String q = chain.qualified();
    if (q == null) {
      return false;
    }
    for (String env : PythonCapabilities.ENVIRONMENT) {
      if (q.equals(env)) {
        return !(chain.end() < to && t.get(chain.end()).is("["));
      }
      if (q.startsWith(env + ".")) {
        return ENV_WHOLE_METHODS.contains(q.substring(env.length() + 1));
      }
    }
    return false;
  }

  /** {@code codecs.decode(b, "utf-8")} decodes a charset; only hiding codecs count as payload decoders. */
  private static boolean plainCodec(List<PythonToken> t, Chain chain, int to, Scope scope) {
    if (!chain.qualified().equals("codecs.decode")) {
      return false;
    }
    int close = Expressions.close(t, chain.end(), to);
    int[] codec = Expressions.argument(t, Expressions.split(t, chain.end() + 1, close), 1, "encoding");
    return codec == null || (Expressions.onlyStrings(t, codec[0], codec[1])
        && !PythonCapabilities.hidingCodec(Expressions.strings(t, codec[0], codec[1])));
  }

  /** The text a decoder stack yields, when known, and how many decoders it has. */
  private record Decoding(String text, int layers) {}

  /**
   * How many decoders are stacked in the call at {@code chain} ({@code zlib.decompress(b64decode(x))} is
   * two) and, when the innermost argument is a literal, the decoded text; null text otherwise.
   */
  private Decoding decode(List<PythonToken> t, Chain chain, int to, Scope scope, int nesting) {
    int close = Expressions.close(t, chain.end(), to);
    List<int[]> args = Expressions.split(t, chain.end() + 1, close);
    if (args.isEmpty() || nesting >= Expressions.MAX_NESTING) {
      return new Decoding(null, 1);
    }
    int[] first = args.get(0);
    String codec = null;
    if (chain.qualified().equals("codecs.decode") && args.size() > 1
        && Expressions.onlyStrings(t, args.get(1)[0], args.get(1)[1])) {
      codec = Expressions.strings(t, args.get(1)[0], args.get(1)[1]);
    }
    String input = null;
    int layers = 1;
    if (Expressions.onlyStrings(t, first[0], first[1])) {
      input = new String(bytesOf(Expressions.strings(t, first[0], first[1])), StandardCharsets.ISO_8859_1);
    } else if (Expressions.chainStart(t, first[0])) {
      Chain inner = Expressions.chain(t, first[0], first[1], scope);
      if (inner.qualified() != null && PythonCapabilities.classify(inner.qualified()) == CallKind.DECODE
          && inner.callsAt(t, first[1])) {
        Decoding d = decode(t, inner, first[1], scope, nesting + 1);
        input = d.text;
        layers = d.layers + 1;
      } else if (inner.value() != null && inner.value().has(Fact.DECODED)) {
        input = inner.value().decoded();
        layers = inner.value().layers() + 1;
      }
    }
    if (input == null) {
      return new Decoding(null, layers);
    }
    // Kept as ISO-8859-1 so that a later layer gets the exact bytes back; read as text only at the end.
    String text = decoder.apply(chain.qualified(), codec, input.getBytes(StandardCharsets.ISO_8859_1))
        .map(b -> new String(b, StandardCharsets.ISO_8859_1)).orElse(null);
    return new Decoding(text, layers);
  }

  private static byte[] bytesOf(String literal) {
    for (int i = 0; i < literal.length(); i++) {
      if (literal.charAt(i) > 0xFF) {
        return literal.getBytes(StandardCharsets.UTF_8);
      }
    }
    return literal.getBytes(StandardCharsets.ISO_8859_1);
  }
}
