package dev.gatehouse.proxy.maven;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.config.UpstreamsConfig.MavenUpstream;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The configured Maven repositories as one: files are looked up in order, and a path that none has is
 * remembered as missing for {@code cache.notFoundTtl}, so that a build probing many repositories for one
 * absent file does not send every probe upstream. Thread-safe; blocking.
 */
final class RepositoryGroup {
  /** Paths remembered as missing at most; beyond this the oldest are forgotten early. */
  private static final long MAX_NOT_FOUND_ENTRIES = 100_000;

  private final List<MavenUpstream> repositories;
  private final UpstreamClient upstream;
  private final Cache<String, Boolean> notFound;

  RepositoryGroup(List<MavenUpstream> repositories, UpstreamClient upstream, Duration notFoundTtl) {
    this.repositories = List.copyOf(repositories);
    this.upstream = upstream;
    this.notFound = Caffeine.newBuilder().expireAfterWrite(notFoundTtl).maximumSize(MAX_NOT_FOUND_ENTRIES).build();
  }

  /** The first repository's copy of {@code path}; {@code NotFound} when none has it, {@code Failed} when one failed. */
  UpstreamResponse first(String path, UpstreamClient.SizeLimit limit) throws IOException {
    if (isKnownMissing(path)) {
      return new UpstreamResponse.NotFound(repositories.get(0).url().resolve(path));
    }
    UpstreamResponse.Failed failure = null;
    for (MavenUpstream repository : repositories) {
      UpstreamResponse response = upstream.fetch(repository.url().resolve(path), limit);
      if (response instanceof UpstreamResponse.Found) {
        return response;
      }
      if (response instanceof UpstreamResponse.Failed failed && failure == null) {
        failure = failed;
      }
    }
    if (failure != null) {
      return failure;
    }
    rememberMissing(path);
    return new UpstreamResponse.NotFound(repositories.get(0).url().resolve(path));
  }

  /**
   * Every repository's copy of {@code path} (the caller discards the downloads), for documents a group merges.
   * Empty when none has it; a failure only when no repository had it and one failed.
   */
  Outcome all(String path, UpstreamClient.SizeLimit limit) throws IOException {
    List<UpstreamResponse.Found> found = new ArrayList<>();
    if (isKnownMissing(path)) {
      return new Outcome(found, null);
    }
    UpstreamResponse.Failed failure = null;
    for (MavenUpstream repository : repositories) {
      UpstreamResponse response = upstream.fetch(repository.url().resolve(path), limit);
      if (response instanceof UpstreamResponse.Found f) {
        found.add(f);
      } else if (response instanceof UpstreamResponse.Failed failed && failure == null) {
        failure = failed;
      }
    }
    if (found.isEmpty() && failure == null) {
      rememberMissing(path);
    }
    return new Outcome(found, found.isEmpty() ? failure : null);
  }

  record Outcome(List<UpstreamResponse.Found> found, UpstreamResponse.Failed failure) {}

  boolean isKnownMissing(String path) {
    return notFound.getIfPresent(path) != null;
  }

  void rememberMissing(String path) {
    notFound.put(path, Boolean.TRUE);
  }

  URI first(String path) {
    return repositories.get(0).url().resolve(path);
  }
}
