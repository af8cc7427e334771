package dev.gatehouse.proxy.ui;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.proxy.http.FileResponses;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.http.Route;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /ui/}: the review web UI, a few static files from the jar ({@code /ui/} in its resources) that talk to
 * {@code /api/v1/} with the reviewer's token. The files are read once, when the route is built, and answered from
 * memory, so the event loop never blocks and a path can name only one of {@link #FILES}: nothing is looked up on
 * disk or in the jar from a request, which leaves no path to traverse. The UI needs no token to load; every datum
 * it shows comes from the API, which asks for one.
 */
public final class UiRoute implements Route {
  public static final String PREFIX = "/ui/";

  /** Every file of the UI, as the browser names it below {@code /ui/}; {@code /ui/} itself is index.html. */
  static final List<String> FILES = List.of("index.html", "app.css", "app.js", "api.js", "chart.js", "dom.js",
      "pages.js");

  /**
   * Scripts, styles, images and API calls from Gatehouse only; no inline script or style, no plugin, no frame, and
   * no form posting elsewhere. The UI builds its chart as SVG elements, which {@code img-src} does not govern.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";

  private record Asset(byte[] body, String sha256, String contentType) {}

  private final Map<String, Asset> assets;
  private final Instant loadedAt;

  private UiRoute(Map<String, Asset> assets, Instant loadedAt) {
    this.assets = Map.copyOf(assets);
    this.loadedAt = requireNonNull(loadedAt, "loadedAt");
  }

  /**
   * The UI as packed in the jar.
   *
   * @throws IllegalStateException when a file of {@link #FILES} is missing: the jar was built wrong
   */
  public static UiRoute fromResources(Clock clock) {
    Map<String, Asset> assets = new TreeMap<>();
    for (String name : FILES) {
      // Loaded through this class, so the resource is found in this module's jar and nowhere else.
      try (InputStream in = UiRoute.class.getResourceAsStream("/ui/" + name)) {
        if (in == null) {
          throw new IllegalStateException("the web UI file ui/" + name + " is missing from the Gatehouse jar");
        }
        byte[] body = in.readAllBytes();
        assets.put(name, new Asset(body, sha256(body), contentType(name)));
      } catch (IOException e) {
        throw new UncheckedIOException("could not read the web UI file ui/" + name + " from the Gatehouse jar", e);
      }
    }
    return new UiRoute(assets, clock.instant());
  }

  @Override
  public CompletableFuture<HttpReply> handle(HttpCall call) {
    return CompletableFuture.completedFuture(answer(call));
  }

  private HttpReply answer(HttpCall call) {
    if (!HttpMethod.GET.equals(call.method()) && !call.isHead()) {
      return HttpProblem.methodNotAllowed(call.method().name(), "GET, HEAD");
    }
    String path = call.rawPath();
    if (path.equals("/ui")) {
      // Relative URLs in index.html (app.js, app.css) resolve against the directory, so it must end in '/'.
      return HttpReply.Bytes.of(HttpResponseStatus.MOVED_PERMANENTLY, "text/plain; charset=utf-8", new byte[0])
          .withHeader("Location", PREFIX).withHeader("Cache-Control", "no-cache").headOnly(call.isHead());
    }
    String name = path.equals(PREFIX) ? "index.html" : path.substring(PREFIX.length());
    // The raw path is compared as sent: "../", "%2e%2e/" and "%2F" match no name, so they end here as a 404.
    Asset asset = assets.get(name);
    if (asset == null) {
      return HttpProblem.notFound("the web UI has no file " + HttpProblem.printable(name) + "; open " + PREFIX);
    }
    HttpReply reply = FileResponses.serve(call, asset.body(), asset.sha256(), asset.contentType(), loadedAt);
    return secured((HttpReply.Bytes) reply);
  }

  /**
   * The headers of every UI file: revalidate each time (names carry no version, so a cached app.js could outlive
   * an upgrade; the ETag makes the check a 304), the CSP, and no guessing of types.
   */
  private static HttpReply secured(HttpReply.Bytes reply) {
    return reply.withHeader("Cache-Control", "no-cache")
        .withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .withHeader("X-Content-Type-Options", "nosniff")
        .withHeader("Referrer-Policy", "no-referrer")
        .withHeader("X-Frame-Options", "DENY");
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String contentType(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    throw new IllegalStateException("no content type known for the web UI file " + name);
  }
}
