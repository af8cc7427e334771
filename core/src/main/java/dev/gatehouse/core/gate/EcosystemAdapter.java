package dev.gatehouse.core.gate;

import dev.gatehouse.core.store.KnownArtifact;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageFacts;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * What differs between Maven, npm and PyPI on the way through the {@link Gate}: where an artifact lives
 * upstream, which digest the registry publishes for it, and what its metadata says about it. Everything
 * else — download, verify, analyze, decide, store, quarantine — is the gate's, once for all ecosystems.
 * Parsing request paths and rewriting metadata documents belong to each ecosystem's routes, beside its adapter.
 *
 * <p>Implementations are thread-safe; their methods run on the blocking executor and may call upstream.
 */
public interface EcosystemAdapter {
  Ecosystem ecosystem();

  /** The upstream URLs that may hold {@code target}, in the order to try them (a repository group). */
  List<URI> locations(RequestTarget target);

  /** The digest the registry publishes for the bytes found at {@code location}. */
  PublishedDigest publishedDigest(RequestTarget target, URI location) throws IOException;

  /**
   * What the ecosystem's metadata says about {@code target}: publish time for the cooldown, findings from its
   * history. Maven's metadata has no publish times, so its adapter knows none.
   */
  PackageFacts facts(RequestTarget target) throws IOException;

  /**
   * The facts to judge an artifact fetched before by again (an approval, a policy change), from what is on
   * record of it ({@link KnownArtifact#publishedAt}) and, where the ecosystem has more (npm's history), its
   * metadata. Never needs the request that fetched it.
   */
  PackageFacts factsOnRecord(KnownArtifact known) throws IOException;
}
