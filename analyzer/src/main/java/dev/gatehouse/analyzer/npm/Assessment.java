package dev.gatehouse.analyzer.npm;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.Severity;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * How much one trigger's {@link Reach} matters, from the combination of what it does and when it runs,
 * never from one token (minified bundles use {@code Function}, native addons spawn compilers), and the
 * sentence a reviewer reads about it.
 */
final class Assessment {
  /** When the code runs, as far as severity is concerned. */
  enum When {
    /** preinstall, install, postinstall: every registry install. */
    INSTALL,
    /** preprepare, prepare, postprepare: only git dependencies and the project itself. */
    PREPARE,
    /** node-gyp building binding.gyp at install. */
    NATIVE_BUILD,
    /** top-level code of an entry point, when the application imports the package. */
    IMPORT
  }

  private static final int MAX_LISTED = 4;

  private Assessment() {}

  static Severity severity(When when, Reach reach) {
    EnumSet<Capability> c = reach.capabilities();
    boolean install = when == When.INSTALL || when == When.NATIVE_BUILD;
    boolean net = c.contains(Capability.NETWORK) || c.contains(Capability.DNS);
    boolean cred = c.contains(Capability.CREDENTIAL_READ);
    boolean env = c.contains(Capability.ENVIRONMENT_READ);
    boolean enc = c.contains(Capability.ENCODED_PAYLOAD);
    boolean dyn = c.contains(Capability.DYNAMIC_CODE);
    boolean obf = c.contains(Capability.OBFUSCATION);
    boolean spawn = c.contains(Capability.PROCESS_SPAWN);
    boolean fetched = reach.has(Signal.FETCHED_CODE);
    boolean outOfBand = reach.has(Signal.OUT_OF_BAND);
    boolean write = c.contains(Capability.FILESYSTEM_WRITE);
    boolean calls = reach.has(Signal.NETWORK) || reach.has(Signal.DNS);
    // A downloaded or written file made executable next to the network or a spawn (the chalk/debug dropper
    // shape), or a file written where code runs later (Shai-Hulud's workflow, a .bashrc line).
    boolean dropper = (reach.has(Signal.EXECUTABLE) && (net || spawn)) || reach.has(Signal.PERSISTENCE);
    Severity severity;
    if ((cred && net) || (enc && (dyn || spawn)) || (obf && (net || spawn || cred || env)) || (env && net && install)
        || fetched || (outOfBand && (env || cred || spawn))) {
      severity = Severity.CRITICAL;
    } else if (sensitive(c) >= 2 || reach.has(Signal.DOWNLOAD_AND_RUN) || (obf && install) || dropper || outOfBand
        || (when == When.IMPORT && (calls || cred || write || (obf && !c.equals(EnumSet.of(Capability.OBFUSCATION)))))) {
      // At import, calling the network, reading secrets or writing outside the package are not what a library
      // does while it loads; a process spawn alone is (esbuild starts its service, rollup asks node for a
      // report), and so is installing a fetch polyfill (a hook, which needs obfuscation or a payload to count).
      severity = Severity.HIGH;
    } else if (sensitive(c) == 1) {
      severity = Severity.MEDIUM;
    } else if (install && (!reach.opaque().isEmpty() || !reach.limits().isEmpty())) {
      severity = Severity.MEDIUM;
    } else if (install || when == When.PREPARE || dyn) {
      severity = Severity.LOW;
    } else {
      severity = Severity.INFO;
    }
    // prepare scripts never run when the package is installed from the registry
    return when == When.PREPARE && severity.compareTo(Severity.HIGH) < 0 ? Severity.LOW : severity;
  }

  private static int sensitive(EnumSet<Capability> c) {
    int n = 0;
    for (Capability k : new Capability[] {Capability.PROCESS_SPAWN, Capability.ENVIRONMENT_READ,
        Capability.CREDENTIAL_READ, Capability.ENCODED_PAYLOAD, Capability.OBFUSCATION, Capability.FILESYSTEM_WRITE}) {
      if (c.contains(k)) {
        n++;
      }
    }
    return n + (c.contains(Capability.NETWORK) || c.contains(Capability.DNS) ? 1 : 0);
  }

  /** "which reads credential files (install.js line 4) and uses the network (install.js line 9)". */
  static String doing(Reach reach) {
    List<String> parts = new ArrayList<>();
    for (Sighting s : reach.firstSightings()) {
      if (parts.size() == MAX_LISTED) {
        parts.add("more");
        break;
      }
      parts.add(s.line() > 0 ? s.signal().phrase() + " (" + s.where() + ")" : s.signal().phrase());
    }
    return join(parts);
  }

  /** The clause about what could not be looked into, or empty. */
  static String unseen(Reach reach) {
    List<String> parts = new ArrayList<>();
    reach.opaque().stream().limit(2).forEach(o -> parts.add(o.startsWith("`") ? o : "runs `" + o + "`"));
    String clause = parts.isEmpty() ? "" : join(parts) + (reach.opaque().stream().anyMatch(o -> !o.startsWith("`"))
        ? ", which Gatehouse cannot look inside" : "");
    if (!reach.limits().isEmpty()) {
      clause += (clause.isEmpty() ? "" : "; ") + "analysis stopped: " + reach.limits().get(0);
    }
    return clause;
  }

  static String join(List<String> parts) {
    if (parts.size() <= 1) {
      return parts.isEmpty() ? "" : parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
  }
}
