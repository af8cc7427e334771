package dev.gatehouse.proxy.http;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Dispatches a request to the route of the longest matching path prefix ({@code /maven2/}, {@code /npm/},
 * {@code /pypi/}, {@code /api/v1/}, {@code /health}, {@code /metrics}). Immutable once built; stateless.
 */
public final class Router {
  private final List<Entry> entries;

  private Router(List<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingInt((Entry e) -> e.prefix.length()).reversed());
    this.entries = List.copyOf(sorted);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The name of the route for {@code rawPath} (for metrics), or {@code "none"}. */
  public String routeName(String rawPath) {
    Entry e = find(rawPath);
    return e == null ? "none" : e.name;
  }

  /** Hands {@code call} to its route; returns at once. */
  public CompletableFuture<HttpReply> dispatch(HttpCall call) {
    Entry e = find(call.rawPath());
    if (e == null) {
      return CompletableFuture.completedFuture(HttpProblem.notFound(
          "nothing is served at " + call.rawPath() + "; Gatehouse serves /maven2/, /npm/, /pypi/, /api/v1/, "
              + "/ui/, /health and /metrics"));
    }
    return e.route.handle(call);
  }

  private Entry find(String rawPath) {
    for (Entry e : entries) {
      if (e.matches(rawPath)) {
        return e;
      }
    }
    return null;
  }

  private record Entry(String prefix, String name, Route route) {
    boolean matches(String path) {
      if (prefix.endsWith("/")) {
        return path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1));
      }
      return path.equals(prefix) || path.startsWith(prefix + "/");
    }
  }

  /** Collects routes by prefix. */
  public static final class Builder {
    private final List<Entry> entries = new ArrayList<>();

    /** A prefix ending in {@code /} matches everything below it; one without matches itself and below. */
    public Builder route(String prefix, String name, Route route) {
      requireNonNull(route, "route");
      if (!prefix.startsWith("/")) {
        throw new IllegalArgumentException("a route prefix starts with '/': " + prefix);
      }
      entries.add(new Entry(prefix, name, route));
      return this;
    }

    public Router build() {
      return new Router(entries);
    }
  }
}
