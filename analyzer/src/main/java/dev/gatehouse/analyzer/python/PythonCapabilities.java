package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.vocabulary.CredentialStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a call in Python code can do, by the fully qualified name it resolves to ({@code subprocess.Popen},
 * {@code builtins.exec}, {@code requests.post}), and which string literals name credential files or
 * places outside the package.
 *
 * <p>Names are matched after import aliases are resolved, never as substrings of source text: {@code
 * re.compile} is not {@code compile}, and a docstring that says {@code exec(} is not a call.
 */
final class PythonCapabilities {
  /** What kind of thing a resolved call is, as far as this analysis cares. */
  enum CallKind {
    SPAWN, NETWORK, DNS, NATIVE, EXEC, RUN_PATH, IMPORT, IMPORT_MODULE, CODE_OBJECT, DESERIALIZE, DECODE, CLIENT,
    OPEN, COPY, FILE_READ, ENV_SINK, OUTSIDE_PATH, SETUP, NONE
  }

  private static final Map<String, CallKind> CALLS = calls();

  private static Map<String, CallKind> calls() {
    Map<String, CallKind> calls = new HashMap<>();
    put(calls, CallKind.SPAWN, "subprocess.Popen", "subprocess.run", "subprocess.call", "subprocess.check_call",
        "subprocess.check_output", "subprocess.getoutput", "subprocess.getstatusoutput", "os.system", "os.popen",
        "os.popen2", "os.popen3", "os.popen4", "os.execl", "os.execle", "os.execlp", "os.execlpe", "os.execv",
        "os.execve", "os.execvp", "os.execvpe", "os.spawnl", "os.spawnle", "os.spawnlp", "os.spawnlpe", "os.spawnv",
        "os.spawnve", "os.spawnvp", "os.spawnvpe", "os.posix_spawn", "os.posix_spawnp", "os.startfile", "os.forkpty",
        "posix.system", "nt.system", "pty.spawn", "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell",
        "commands.getoutput", "commands.getstatusoutput", "popen2.popen2", "popen2.popen3", "popen2.popen4",
        "popen2.Popen3", "pexpect.spawn", "pexpect.run");
    put(calls, CallKind.NETWORK, "socket.socket", "socket.create_connection", "socket.create_server",
        "urllib.request.urlopen", "urllib.request.urlretrieve", "urllib.urlopen", "urllib.urlretrieve",
        "urllib2.urlopen", "http.client.HTTPConnection", "http.client.HTTPSConnection", "httplib.HTTPConnection",
        "httplib.HTTPSConnection", "requests.get", "requests.post", "requests.put", "requests.patch",
        "requests.delete", "requests.head", "requests.options", "requests.request", "requests.api.get",
        "requests.api.post", "requests.api.request", "httpx.get", "httpx.post", "httpx.put", "httpx.patch",
        "httpx.delete", "httpx.head", "httpx.options", "httpx.request", "httpx.stream", "aiohttp.request",
        "urllib3.request", "ftplib.FTP", "ftplib.FTP_TLS", "smtplib.SMTP", "smtplib.SMTP_SSL", "telnetlib.Telnet",
        "poplib.POP3", "poplib.POP3_SSL", "imaplib.IMAP4", "imaplib.IMAP4_SSL", "xmlrpc.client.ServerProxy",
        "xmlrpclib.ServerProxy", "websocket.create_connection", "websockets.connect", "pycurl.Curl");
    put(calls, CallKind.CLIENT, "requests.Session", "requests.session", "httpx.Client", "httpx.AsyncClient",
        "aiohttp.ClientSession", "urllib3.PoolManager", "urllib3.HTTPConnectionPool", "urllib3.HTTPSConnectionPool",
        "urllib.request.build_opener", "urllib2.build_opener");
    put(calls, CallKind.DNS, "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr",
        "socket.getaddrinfo", "socket.getfqdn", "dns.resolver.resolve", "dns.resolver.query");
    put(calls, CallKind.NATIVE, "ctypes.CDLL", "ctypes.PyDLL", "ctypes.WinDLL", "ctypes.OleDLL", "ctypes.cdll.LoadLibrary",
        "ctypes.windll.LoadLibrary", "ctypes.pydll.LoadLibrary", "ctypes.oledll.LoadLibrary");
    put(calls, CallKind.EXEC, "builtins.exec", "builtins.eval", "builtins.compile", "builtins.execfile",
        "__builtin__.exec", "__builtin__.eval", "__builtin__.execfile");
    put(calls, CallKind.RUN_PATH, "runpy.run_path");
    put(calls, CallKind.IMPORT, "builtins.__import__", "__builtin__.__import__", "importlib.__import__");
    put(calls, CallKind.IMPORT_MODULE, "importlib.import_module");
    put(calls, CallKind.CODE_OBJECT, "marshal.loads", "types.CodeType", "new.code");
    put(calls, CallKind.DESERIALIZE, "pickle.loads", "cPickle.loads", "_pickle.loads", "dill.loads", "cloudpickle.loads");
    put(calls, CallKind.DECODE, "base64.b64decode", "base64.b32decode", "base64.b16decode", "base64.b85decode",
        "base64.a85decode", "base64.decodebytes", "base64.decodestring", "base64.urlsafe_b64decode",
        "base64.standard_b64decode", "binascii.a2b_base64", "binascii.unhexlify", "binascii.a2b_hex",
        "zlib.decompress", "bz2.decompress", "lzma.decompress", "gzip.decompress", "codecs.decode",
        "builtins.bytes.fromhex", "builtins.bytearray.fromhex");
    put(calls, CallKind.OPEN, "builtins.open", "io.open", "codecs.open", "builtins.file", "__builtin__.open");
    put(calls, CallKind.COPY, "shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.copytree", "shutil.move",
        "os.rename", "os.replace", "os.symlink", "os.link", "distutils.file_util.copy_file");
    put(calls, CallKind.ENV_SINK, "json.dumps", "json.dump", "pickle.dumps", "marshal.dumps", "builtins.str",
        "builtins.repr", "builtins.print", "base64.b64encode", "base64.urlsafe_b64encode", "base64.b32encode", "base64.b16encode", "base64.b85encode",
        "base64.encodebytes", "urllib.parse.urlencode", "urllib.urlencode", "zlib.compress", "yaml.dump",
        "yaml.safe_dump");
    put(calls, CallKind.OUTSIDE_PATH, "os.path.expanduser", "os.path.expandvars", "pathlib.Path.home",
        "pathlib.PosixPath.home", "pathlib.WindowsPath.home", "site.getsitepackages", "site.getusersitepackages",
        "sysconfig.get_path", "sysconfig.get_paths", "distutils.sysconfig.get_python_lib");
    put(calls, CallKind.SETUP, "setuptools.setup", "distutils.core.setup", "skbuild.setup",
        "numpy.distutils.core.setup");
    put(calls, CallKind.FILE_READ, "os.listdir", "os.scandir", "os.walk", "os.open", "glob.glob", "glob.iglob",
        "netrc.netrc", "sqlite3.connect", "zipfile.ZipFile", "tarfile.open", "shutil.make_archive",
        "pathlib.Path.read_text", "pathlib.Path.read_bytes");
    return Map.copyOf(calls);
  }

  /** Names whose value lies outside the package without a call: {@code open(sys.prefix + ...)}. */
  static final Set<String> OUTSIDE_NAMES = Set.of(
      "sys.prefix", "sys.base_prefix", "sys.exec_prefix", "sys.base_exec_prefix", "site.USER_SITE",
      "site.USER_BASE");

  /** The process environment as a mapping; reading one named key from it is not harvesting it. */
  static final Set<String> ENVIRONMENT = Set.of("os.environ", "os.environb", "posix.environ", "nt.environ");

  /** Methods that send or receive over a client object ({@code requests.Session().post(...)}). */
  static final Set<String> CLIENT_METHODS = Set.of(
      "get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream", "urlopen", "open",
      "connect", "sendall", "sendto");

  /** codecs that hide text rather than decode a charset: {@code codecs.decode(s, "rot13")}. */
  private static final Set<String> HIDING_CODECS = Set.of(
      "rot13", "rot_13", "hex", "hex_codec", "base64", "base64_codec", "zlib", "zlib_codec", "bz2", "bz2_codec",
      "uu", "uu_codec");

  private static final Set<String> STDLIB = loadStdlib();

  private PythonCapabilities() {}

  private static void put(Map<String, CallKind> calls, CallKind kind, String... names) {
    for (String name : names) {
      calls.put(name, kind);
    }
  }

  static CallKind classify(String qualified) {
    return CALLS.getOrDefault(qualified, CallKind.NONE);
  }

  /** True when {@code codecArgument} (a literal) names a codec that hides text, such as rot13 or base64. */
  static boolean hidingCodec(String codecArgument) {
    return HIDING_CODECS.contains(codecArgument.toLowerCase(Locale.ROOT).replace('-', '_'));
  }

  /** True for the top-level name of a standard-library module ({@code os}, {@code urllib}). */
  static boolean isStdlib(String topLevelModule) {
    return STDLIB.contains(topLevelModule);
  }

  /**
   * The credential store a path literal names, such as {@code .ssh} in {@code "~/.ssh/id_rsa"}, or
   * empty; the one vocabulary of {@link CredentialStores}. Naming a store is not reading it: the scanner
   * counts a store only where a file is opened, listed or copied.
   */
  static Optional<String> credentialStore(String literal) {
    return CredentialStores.named(literal);
  }

  /**
   * True when a path literal points outside any package: the home folder, an absolute system path, or
   * a file that makes code run later (shell profiles, {@code .pth} files, autostart entries).
   */
  static boolean outsidePath(String literal) {
    String lower = literal.toLowerCase(Locale.ROOT).strip();
    if (lower.isEmpty() || lower.length() > 4096) {
      return false;
    }
    if (lower.startsWith("~") || lower.startsWith("%appdata%") || lower.startsWith("%userprofile%")
        || lower.startsWith("$home")) {
      return true;
    }
    if (lower.startsWith("/") && lower.length() > 1
        && !(lower.startsWith("/tmp") || lower.startsWith("/dev/") || lower.startsWith("/proc/")
            || lower.startsWith("/var/tmp"))) {
      return true;
    }
    if (lower.length() > 2 && Character.isLetter(lower.charAt(0)) && lower.charAt(1) == ':'
        && (lower.charAt(2) == '\\' || lower.charAt(2) == '/')) {
      return true;
    }
    return lower.endsWith(".pth") || lower.contains(".bashrc") || lower.contains(".bash_profile")
        || lower.contains(".zshrc") || lower.endsWith(".profile") || lower.contains("sitecustomize")
        || lower.contains("usercustomize") || lower.contains("crontab") || lower.contains("autostart")
        || lower.contains("launchagents") || lower.contains("authorized_keys")
        || lower.contains("start menu\\programs\\startup") || lower.contains("/etc/");
  }

  /**
   * True for a literal long enough and dense enough in a base64 or hex alphabet to be an encoded
   * payload rather than text: at least {@code minimum} characters, no spaces, 97% alphabet.
   */
  static boolean encodedBlob(String literal, int minimum) {
    if (literal.length() < minimum) {
      return false;
    }
    int alphabet = 0;
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '+' || c == '/' || c == '=' || c == '-' || c == '_' || c == '\n') {
        alphabet++;
      } else if (c == ' ') {
        return false;
      }
    }
    return alphabet >= literal.length() * 0.97;
  }

  private static Set<String> loadStdlib() {
    try (InputStream in = PythonCapabilities.class.getResourceAsStream("stdlib-modules.txt")) {
      if (in == null) {
        throw new IllegalStateException("stdlib-modules.txt is missing from the analyzer jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return reader.lines().map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#"))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stdlib-modules.txt from the analyzer jar", e);
    }
  }
}
