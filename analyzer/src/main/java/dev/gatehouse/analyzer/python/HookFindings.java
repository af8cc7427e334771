package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns what a trigger reaches into a {@link CodeFinding}: its severity, by the contract the policy
 * relies on, and one sentence a reviewer can check.
 *
 * <ul>
 *   <li>CRITICAL, the shape of an attack: credential files and the network; an encoded payload run as
 *       code or as a process; the whole environment and the network.
 *   <li>HIGH: two or more sensitive capabilities (the network and DNS count as one), obfuscated code
 *       run by an install, build, startup, plugin or import trigger, or one place that is the shape of
 *       an attack by itself ({@link Hit#telling()}: an out-of-band host, a command that downloads,
 *       fetched data run as code, a write to a file that runs code later).
 *   <li>MEDIUM: one sensitive capability; or the floor the caller sets for a trigger whose code is not a
 *       recognised benign form (an unknown {@code .pth} line, {@code sitecustomize}, an in-tree backend).
 *   <li>LOW otherwise: the trigger runs but reaches nothing notable (loading a native library alone is
 *       not sensitive: compiled extensions do it all the time).
 * </ul>
 */
final class HookFindings {
  /** Order in which capabilities are named, most telling first. */
  private static final List<Capability> ORDER = List.of(
      Capability.ENCODED_PAYLOAD, Capability.CREDENTIAL_READ, Capability.ENVIRONMENT_READ, Capability.NETWORK,
      Capability.DNS, Capability.PROCESS_SPAWN, Capability.DYNAMIC_CODE, Capability.OBFUSCATION,
      Capability.FILESYSTEM_WRITE, Capability.NATIVE_LOAD);
  private static final Set<Trigger> RUNS_BY_ITSELF = EnumSet.of(
      Trigger.STARTUP_HOOK, Trigger.SETUP_SCRIPT, Trigger.BUILD_BACKEND, Trigger.PLUGIN_ENTRY_POINT,
      Trigger.IMPORT_TIME);

  private HookFindings() {}

  static Severity severity(Trigger trigger, Set<Capability> caps, Severity floor) {
    return severity(trigger, caps, false, floor);
  }

  static Severity severity(Trigger trigger, Set<Capability> caps, boolean telling, Severity floor) {
    boolean network = caps.contains(Capability.NETWORK) || caps.contains(Capability.DNS);
    if ((caps.contains(Capability.CREDENTIAL_READ) && network)
        || (caps.contains(Capability.ENCODED_PAYLOAD)
            && (caps.contains(Capability.DYNAMIC_CODE) || caps.contains(Capability.PROCESS_SPAWN)))
        || (caps.contains(Capability.ENVIRONMENT_READ) && network)) {
      return Severity.CRITICAL;
    }
    Set<Capability> sensitive = EnumSet.noneOf(Capability.class);
    sensitive.addAll(caps);
    sensitive.remove(Capability.NATIVE_LOAD);
    if (sensitive.contains(Capability.DNS)) {
      sensitive.remove(Capability.DNS);
      sensitive.add(Capability.NETWORK);
    }
    Severity computed = Severity.LOW;
    if (sensitive.size() >= 2 || telling
        || (caps.contains(Capability.OBFUSCATION) && RUNS_BY_ITSELF.contains(trigger))) {
      computed = Severity.HIGH;
    } else if (sensitive.size() == 1) {
      computed = Severity.MEDIUM;
    }
    return computed.compareTo(floor) >= 0 ? computed : floor;
  }

  /**
   * A finding for {@code trigger} whose code reaches {@code reach}.
   *
   * @param opening the start of the sentence: what runs, and when ({@code x.pth line 1 runs at every
   *     interpreter start})
   * @param floor the least severity, for triggers whose mere code is worth a review
   * @param quiet what to say when nothing notable is reached
   */
  static CodeFinding of(Trigger trigger, Reach reach, Severity floor, String opening, String quiet, Evidence evidence) {
    Set<Capability> caps = reach.capabilities();
    Severity severity = severity(trigger, caps, reach.telling(), floor);
    StringBuilder summary = new StringBuilder(opening);
    if (caps.isEmpty()) {
      summary.append(quiet.isEmpty() ? "" : "; " + quiet);
    } else {
      summary.append("; it ").append(phrases(reach));
    }
    if (reach.truncated()) {
      summary.append(" (calls deeper than limits.maxCallDepth were not followed)");
    }
    return new CodeFinding(trigger, caps, severity, summary.toString(), evidence);
  }

  /** "spawns a process (subprocess.Popen at x.pth:1) and uses the network (requests.post at a/b.py:3)". */
  static String phrases(Reach reach) {
    Map<Capability, Reach.Reached> first = reach.first();
    List<String> parts = new ArrayList<>();
    for (Capability c : ORDER) {
      Reach.Reached r = first.get(c);
      if (r != null) {
        String detail = parts.size() < 4 ? " (" + r.hit().what() + " at " + r.hit().where() + ")" : "";
        parts.add(verb(c) + detail);
      }
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
  }

  static String verb(Capability c) {
    return switch (c) {
      case PROCESS_SPAWN -> "spawns a process";
      case NETWORK -> "uses the network";
      case DNS -> "resolves host names";
      case ENVIRONMENT_READ -> "collects the whole environment";
      case CREDENTIAL_READ -> "reads credential files";
      case DYNAMIC_CODE -> "runs dynamically built code";
      case ENCODED_PAYLOAD -> "runs an encoded payload";
      case OBFUSCATION -> "is obfuscated";
      case NATIVE_LOAD -> "loads a native library";
      case FILESYSTEM_WRITE -> "writes outside the package";
    };
  }

  /** The evidence for a finding about {@code path}: the first hit in that file, else the line that leads to it. */
  static Evidence evidence(String path, Reach reach, int fallbackLine, String fallbackExcerpt) {
    Reach.Reached telling = reach.firstTelling();
    if (telling != null && telling.hit().path().equals(path)) {
      return Evidence.of(path, "line " + telling.hit().line(), telling.hit().excerpt());
    }
    if (telling != null && telling.via() != null && telling.via().path().equals(path)) {
      return Evidence.of(path, "line " + telling.via().line(), telling.via().excerpt());
    }
    for (Capability c : ORDER) {
      Reach.Reached r = reach.first().get(c);
      if (r == null) {
        continue;
      }
      if (r.hit().path().equals(path)) {
        return Evidence.of(path, "line " + r.hit().line(), r.hit().excerpt());
      }
      if (r.via() != null && r.via().path().equals(path)) {
        return Evidence.of(path, "line " + r.via().line(), r.via().excerpt());
      }
    }
    return Evidence.of(path, fallbackLine > 0 ? "line " + fallbackLine : "", fallbackExcerpt);
  }
}
