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

  /**
   * The upstream URLs that may hold {@code target}, in the order to try them (a repository group), or why they
   * cannot be named now. Gatehouse connects only to what this names, so an adapter that learns a file's URL from
   * an index says {@link Locations.Unknown} while the index cannot be read, never a URL made up from the request.
   */
  Locations locations(RequestTarget target);

  /** Where an artifact may be fetched from. */
  sealed interface Locations {
    /** The URLs to try, in order; none when the registry does not offer the artifact. */
    record At(List<URI> uris) implements Locations {
      public At {
        uris = List.copyOf(uris);
      }
    }

    /** The registry's index that names the URL cannot be read; the sentence says why. */
    record Unknown(String sentence, boolean timedOut) implements Locations {}
  }

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
