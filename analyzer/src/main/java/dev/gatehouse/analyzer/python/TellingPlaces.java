package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.python.ValueFacts.Fact;
import dev.gatehouse.analyzer.vocabulary.PersistenceTargets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Places in scanned code that are the shape of an attack by themselves, whatever else the code does
 * ({@link Hit#telling()}): data fetched from the network run as code or as a command, host and user
 * names or anything at all sent to an out-of-band host, a write to a file that runs code later, a
 * detached child process, machine code run from memory. {@link CallRules} asks it at the calls it
 * recognises; a trigger whose code reaches one of these is HIGH at least.
 */
final class TellingPlaces {
  /** Arguments of network calls that stay on this machine. */
  private static final Set<String> LOCAL_ARGUMENTS = Set.of(
      "filename", "timeout", "cert", "verify", "proxies", "stream", "allow_redirects", "context", "cafile", "capath");

  private final ScopeScanner s;

  TellingPlaces(ScopeScanner scanner) {
    this.s = scanner;
  }

  /** Windows API calls through ctypes that write machine code into memory and run it: shellcode loaders. */
  static final Set<String> MEMORY_EXECUTION = Set.of(
      "VirtualAlloc", "VirtualAllocEx", "VirtualProtect", "VirtualProtectEx", "RtlMoveMemory", "WriteProcessMemory",
      "CreateThread", "CreateRemoteThread", "QueueUserAPC", "NtAllocateVirtualMemory");

  /**
   * The keyword that detaches a child process so that it outlives the one that started it and shows no
   * window ({@code start_new_session=True}, {@code creationflags=DETACHED_PROCESS}), or null.
   */
  static String detached(List<PythonToken> t, List<int[]> args) {
    for (int[] arg : args) {
      String keyword = Expressions.keyword(t, arg);
      int[] value = Expressions.value(t, arg);
      if ("start_new_session".equals(keyword) && value[1] - value[0] == 1 && t.get(value[0]).is("True")) {
        return "start_new_session=True";
      }
      if ("creationflags".equals(keyword)) {
        for (int i = value[0]; i < value[1]; i++) {
          String word = t.get(i).text().toLowerCase(Locale.ROOT);
          if (word.equals("detached_process") || word.equals("create_no_window") || word.equals("0x08000000")
              || word.equals("0x00000008") || word.equals("0x8") || word.equals("134217728")) {
            return "creationflags=" + t.get(i).text();
          }
        }
      }
    }
    return null;
  }

  /** Options after which a shell or interpreter takes code to run, not data. */
  private static final Set<String> CODE_OPTIONS = Set.of("-c", "-e", "/c", "/k", "-command", "-encodedcommand");

  /**
   * True when fetched data is what a process call runs: the command itself ({@code os.system(r.text)}),
   * the program ({@code [fetched, ...]}) or the code after {@code -c}. Fetched data as an argument
   * ({@code ["git", "tag", latest]}) is data.
   */
  boolean runsFetched(List<PythonToken> t, List<int[]> args) {
    int[] first = Expressions.positional(t, args, 0);
    if (first == null) {
      return false;
    }
    if (!(t.get(first[0]).is("[") || t.get(first[0]).is("("))) {
      return facts(t, first[0], first[1]).has(Fact.FETCHED);
    }
    List<int[]> items = Expressions.split(t, first[0] + 1, Expressions.close(t, first[0], first[1]));
    for (int k = 0; k < items.size(); k++) {
      int[] item = items.get(k);
      boolean program = k == 0;
      boolean afterOption = k > 0 && Expressions.onlyStrings(t, items.get(k - 1)[0], items.get(k - 1)[1])
          && CODE_OPTIONS.contains(Expressions.strings(t, items.get(k - 1)[0], items.get(k - 1)[1])
              .toLowerCase(Locale.ROOT));
      if ((program || afterOption) && facts(t, item[0], item[1]).has(Fact.FETCHED)) {
        return true;
      }
    }
    return false;
  }

  /** Data fetched from the network handed to {@code sink}, which runs it: a second stage. */
  void fetchedInto(ValueFacts arg, int line, String sink) {
    if (arg.has(Fact.FETCHED)) {
      s.tellingHit(Capability.DYNAMIC_CODE, line, sink.replace("builtins.", "") + " of data fetched from the network"
          + (arg.origin() != null ? " (" + arg.origin() + ")" : ""));
    }
  }

  /**
   * What a network call sends and where: who and where this machine is, over HTTP or encoded into a DNS
   * name (a beacon); or anything at all to an out-of-band host (a collector, a webhook, a raw address).
   */
  void beacon(List<PythonToken> t, List<int[]> args, int line, String q) {
    for (int[] arg : args) {
      int[] value = Expressions.value(t, arg);
      ValueFacts f = facts(t, value[0], value[1]);
      if (f.has(Fact.OUT_OF_BAND)) {
        s.tellingHit(Capability.NETWORK, line, q.replace("builtins.", "") + " to an out-of-band host (" + f.outOfBand() + ")");
        break;
      }
    }
    for (int i = 0; i < args.size(); i++) {
      int[] arg = args.get(i);
      String keyword = Expressions.keyword(t, arg);
      if ((keyword != null && LOCAL_ARGUMENTS.contains(keyword))
          || (i > 0 && keyword == null && q.endsWith("urlretrieve"))) {
        continue; // where the download is stored, certificates, timeouts: nothing here is sent
      }
      int[] value = Expressions.value(t, arg);
      if (facts(t, value[0], value[1]).has(Fact.IDENTITY)) {
        s.tellingHit(Capability.ENVIRONMENT_READ, line, "host or user name sent with " + q.replace("builtins.", ""));
        return;
      }
    }
  }

  /** A write to a file that makes code run later (shell start-up files, autostart, {@code .pth}): persistence. */
  void persistence(List<PythonToken> t, int[] path, int line, String q) {
    for (int i = path[0]; i < path[1]; i++) {
      if (t.get(i).isString()) {
        Optional<String> target = PersistenceTargets.named(t.get(i).value());
        // model weights are named .pth too: a .pth counts only when the path names site-packages
        if (target.isPresent() && (!target.get().equals(".pth") || sitePackages(t, path))) {
          s.tellingHit(Capability.FILESYSTEM_WRITE, line, q.replace("builtins.", "") + " writes " + target.get()
              + ", which runs code later");
          return;
        }
      }
    }
  }

  /** Names that put a path in site-packages, where a {@code .pth} file runs at every interpreter start. */
  private static final Set<String> SITE_NAMES = Set.of(
      "getsitepackages", "getusersitepackages", "USER_SITE", "get_python_lib", "purelib", "platlib");

  private static boolean sitePackages(List<PythonToken> t, int[] path) {
    for (int i = path[0]; i < path[1]; i++) {
      PythonToken k = t.get(i);
      if (k.isString() && (k.value().contains("site-packages") || k.value().contains("dist-packages")
          || k.value().equals("purelib") || k.value().equals("platlib"))) {
        return true;
      }
      if (k.isName() && SITE_NAMES.contains(k.text())) {
        return true;
      }
    }
    return false;
  }

  private ValueFacts facts(List<PythonToken> t, int from, int to) {
    return s.inspector.inspect(t, from, to, s.scope);
  }
}
