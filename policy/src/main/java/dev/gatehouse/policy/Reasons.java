package dev.gatehouse.policy;

import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.Finding;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The sentences of a verdict, written for a developer reading {@code mvn}, {@code npm} or {@code pip}
 * output: when the code runs, where it is, and what it reaches, such as {@code static initializer of
 * fixture.Beacon (fixture/Beacon.class) reaches credential-file read and network}.
 *
 * <p>They are composed from the finding's structured fields rather than its prose, so every reason names
 * the trigger, the place and the capabilities whatever analyzer wrote the finding.
 */
final class Reasons {
  /** The longest reason: reasons end up in HTTP reason phrases and terminal lines. */
  static final int MAX_REASON_LENGTH = 300;
  /**
   * The most finding sentences in one verdict; the findings themselves stay in the stored analysis. A
   * verdict that lets an artifact through adds one sentence before them saying why (trust, approval).
   */
  static final int MAX_REASONS = 10;

  private Reasons() {}

  static String of(Finding finding) {
    if (finding instanceof CodeFinding code) {
      return clean(code(code));
    }
    return clean(archive((ArchiveFinding) finding));
  }

  private static String code(CodeFinding finding) {
    Evidence evidence = finding.evidence();
    StringBuilder sentence = new StringBuilder(finding.trigger().label());
    int member = evidence.location().indexOf('#');
    if (member > 0) {
      // com.example.A#<clinit>:12 -> "of com.example.A": the class is what a developer recognises.
      sentence.append(" of ").append(evidence.location(), 0, member);
      if (!evidence.path().isEmpty()) {
        sentence.append(" (").append(evidence.path()).append(')');
      }

    } else if (!evidence.where().isEmpty()) {
      sentence.append(" (").append(evidence.where()).append(')');
    }
    if (!finding.capabilities().isEmpty()) {
      sentence.append(" reaches ").append(joined(finding.capabilities().stream().map(Capability::label).toList()));
      String method = member > 0 ? memberName(evidence.location().substring(member + 1)) : "";
      if (!method.isEmpty() && !(finding.trigger() == Trigger.STATIC_INITIALIZER && method.equals("static initializer"))) {
        // Say which code of a registered class does it: a driver's static initializer, a mojo's execute().
        sentence.append(" from its ").append(method);
      }
    } else if (!finding.summary().isBlank()) {
      sentence.append(": ").append(finding.summary());
    }
    return sentence.toString();
  }

  /** {@code <clinit>:12} -> "static initializer", {@code <init>} -> "constructor", {@code run:3} -> "method run". */
  private static String memberName(String member) {
    int line = member.indexOf(':');
    String name = line >= 0 ? member.substring(0, line) : member;
    return switch (name) {
      case "" -> "";
      case "<clinit>" -> "static initializer";
      case "<init>" -> "constructor";
      default -> "method " + name;
    };
  }

  private static String archive(ArchiveFinding finding) {
    StringBuilder sentence = new StringBuilder(finding.problem().label());
    if (!finding.evidence().path().isEmpty()) {
      sentence.append(" (").append(finding.evidence().path()).append(')');
    }
    if (!finding.summary().isBlank() && !finding.summary().equals(finding.problem().label())) {
      sentence.append(": ").append(finding.summary());
    }
    return sentence.toString();
  }

  /** "a", "a and b", "a, b and c". */
  static String joined(List<String> words) {
    if (words.size() == 1) {
      return words.get(0);
    }
    return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
  }

  /**
   * {@code reasons} without duplicates, at most {@link #MAX_REASONS}, the last saying how many were left
   * out.
   */
  static List<String> bounded(List<String> reasons) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(reasons));
    if (distinct.size() <= MAX_REASONS) {
      return distinct;
    }
    List<String> kept = new ArrayList<>(distinct.subList(0, MAX_REASONS - 1));
    kept.add("and %d more findings in the analysis".formatted(distinct.size() - kept.size()));
    return kept;
  }

  /**
   * {@code text} safe for a terminal and an HTTP reason phrase: control characters (a newline in a hostile
   * entry name) become spaces, and it is cut at {@link #MAX_REASON_LENGTH}.
   */
  static String clean(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_REASON_LENGTH));
    for (int i = 0; i < text.length() && out.length() < MAX_REASON_LENGTH; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (text.length() > MAX_REASON_LENGTH) {
      out.setLength(MAX_REASON_LENGTH - 1);
      out.append('…');
    }
    return out.toString().strip();
  }
}
