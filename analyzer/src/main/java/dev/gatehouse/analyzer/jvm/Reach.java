package dev.gatehouse.analyzer.jvm;

import dev.gatehouse.analyzer.Capability;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What the code reached from one entry point does: the first (shallowest) {@link Hit} of every {@link
 * Fact}, and whether the walk stopped at {@code limits.maxCallDepth}.
 */
final class Reach {
  /** One fact, where it was seen, and the entry method from which it was reached. */
  record Hit(Site site, MethodModel method, MethodModel root, int depth) {}

  private final Map<Fact, Hit> hits = new EnumMap<>(Fact.class);
  /** Some call was not followed because it lay deeper than {@code limits.maxCallDepth}. */
  boolean depthCut;

  void add(Site site, MethodModel method, MethodModel root, int depth) {
    hits.putIfAbsent(site.fact(), new Hit(site, method, root, depth));
  }

  boolean has(Fact fact) {
    return hits.containsKey(fact);
  }

  /** The first hit of {@code fact}, or {@code null}. */
  Hit hit(Fact fact) {
    return hits.get(fact);
  }

  /**
   * The capabilities shown. A credential constant counts as a credential read only together with the home
   * folder and a file-reading API in the same reached code, or when it flows into a read.
   */
  Set<Capability> capabilities() {
    Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
    for (Fact fact : hits.keySet()) {
      capabilities.addAll(fact.capabilities());
    }
    if (credentialByCombination()) {
      capabilities.add(Capability.CREDENTIAL_READ);
    }
    return capabilities;
  }

  /**
   * The hit that shows {@code capability}: the first fact, in declaration order, that implies it; for a
   * credential read, the constant that names the credential.
   */
  Hit evidence(Capability capability) {
    if (capability == Capability.CREDENTIAL_READ && hits.containsKey(Fact.CREDENTIAL_PATH)
        && capabilities().contains(capability)) {
      return hits.get(Fact.CREDENTIAL_PATH); // the constant says which secret; the read API says less
    }
    for (Map.Entry<Fact, Hit> entry : hits.entrySet()) {
      if (entry.getKey().capabilities().contains(capability)) {
        return entry.getValue();
      }
    }
    if (capability == Capability.CREDENTIAL_READ && credentialByCombination()) {
      return hits.get(Fact.CREDENTIAL_PATH);
    }
    return null;
  }

  private boolean credentialByCombination() {
    return hits.containsKey(Fact.CREDENTIAL_PATH) && hits.containsKey(Fact.HOME_DIRECTORY)
        && hits.containsKey(Fact.FILE_READ);
  }
}
