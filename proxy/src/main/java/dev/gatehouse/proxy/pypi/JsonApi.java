package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.upstream.Digests;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamResponse;
import dev.gatehouse.proxy.http.FileResponses;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.registry.RequestAudit;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /pypi/{project}/json}, PyPI's JSON API, which some tools read instead of the simple index: passed
 * through from the upstream beside the index ({@code https://pypi.org/pypi/{project}/json} for {@code
 * https://pypi.org/simple/}) with every file's {@code url} pointing at Gatehouse and the files the simple
 * index would leave out removed ({@link PageFilter}). File URLs are absolute, as the API's readers expect,
 * built from the request's {@code Host}. A mirror that serves only the simple index has no JSON API: 404.
 * Thread-safe; blocking.
 */
final class JsonApi {
  /** The JSON API nests a few levels; anything far deeper is not it. */
  private static final int MAX_NESTING = 32;
  /** A host name, IPv4 address or bracketed IPv6 address, with an optional port: nothing that could end a URL. */

  private final URI index;
  private final UpstreamClient upstream;
  private final PageFilter filter;
  private final UpstreamClient.SizeLimit limit;
  private final ObjectMapper json;
  private final RequestAudit audit;

  JsonApi(URI index, UpstreamClient upstream, PageFilter filter, long maxMetadataBytes, RequestAudit audit) {
    this.index = requireNonNull(index, "index");
    this.upstream = requireNonNull(upstream, "upstream");
    this.filter = requireNonNull(filter, "filter");
    this.limit = new UpstreamClient.SizeLimit(maxMetadataBytes, "limits.maxMetadataBytes");
    this.audit = requireNonNull(audit, "audit");
    this.json = new ObjectMapper(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
        .maxDocumentLength(maxMetadataBytes).maxStringLength((int) Math.min(Integer.MAX_VALUE, maxMetadataBytes))
        .maxNestingDepth(MAX_NESTING).build()).build());
  }

  /** The API's URL for {@code project}: {@code pypi/{project}/json} beside the index's last path segment. */
  URI upstreamUrl(ProjectName project) {
    String path = index.getRawPath();
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String parent = trimmed.substring(0, Math.max(0, trimmed.lastIndexOf('/')));
    return URI.create(index.getScheme() + "://" + index.getRawAuthority() + parent + "/pypi/"
        + project.normalized() + "/json");
  }

  HttpReply get(HttpCall call, ProjectName project) throws IOException {
    URI url = upstreamUrl(project);
    UpstreamResponse response = upstream.fetch(url, limit);
    if (response instanceof UpstreamResponse.NotFound) {
      return served(call, project, HttpProblem.notFound("the upstream has no JSON API document for " + project
          + " (" + url + "); an index that serves only PEP 503 pages has none"));
    }
    if (response instanceof UpstreamResponse.Failed failed) {
      return served(call, project, HttpProblem.upstreamFailed(failed.timedOut(),
          "Gatehouse could not fetch " + url + ": " + failed.sentence()));
    }
    UpstreamResponse.Found found = (UpstreamResponse.Found) response;
    JsonNode root;
    try {
      root = json.readTree(Files.readAllBytes(found.download().file()));
    } catch (com.fasterxml.jackson.core.JacksonException malformed) {
      root = null;
    } finally {
      found.download().discard();
    }
    if (root == null || !root.isObject()) {
      return served(call, project, HttpProblem.of(HttpResponseStatus.BAD_GATEWAY,
          url + " did not answer with a JSON API document"));
    }
    rewrite(call, project, (ObjectNode) root);
    byte[] body = json.writeValueAsBytes(root);
    return served(call, project, FileResponses.serve(call, body, Digests.of(body).sha256(), "application/json",
        found.download().lastModified().orElse(Instant.EPOCH)));
  }

  private void rewrite(HttpCall call, ProjectName project, ObjectNode root) throws IOException {
    PageFilter.Pass pass = filter.pass(project);
    String base = call.origin().orElse("") + PypiRegistry.PREFIX;
    if (root.path("releases").isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = root.get("releases").fields(); it.hasNext(); ) {
        JsonNode files = it.next().getValue();
        if (files.isArray()) {
          keepServed((ArrayNode) files, pass, project, base);
        }
      }
    }
    if (root.path("urls").isArray()) {
      keepServed((ArrayNode) root.get("urls"), pass, project, base);
    }
  }

  /** Removes the files the simple index would leave out, and points the others at Gatehouse. */
  private static void keepServed(ArrayNode files, PageFilter.Pass pass, ProjectName project, String base) {
    for (Iterator<JsonNode> it = files.elements(); it.hasNext(); ) {
      JsonNode file = it.next();
      Optional<String> href = file.isObject() ? served(file, pass, project, base) : Optional.empty();
      if (href.isPresent()) {
        ((ObjectNode) file).put("url", href.get());
      } else {
        it.remove();
      }
    }
  }

  private static Optional<String> served(JsonNode file, PageFilter.Pass pass, ProjectName project, String base) {
    Optional<URI> url = Optional.ofNullable(file.path("url").textValue()).flatMap(JsonApi::uri);
    Optional<String> name = url.flatMap(u -> FileHosts.fileName(u.getRawPath() == null ? "" : u.getRawPath()));
    if (name.isEmpty() || !name.get().equals(file.path("filename").asText(name.get()))) {
      return Optional.empty();
    }
    JsonNode digests = file.path("digests");
    boolean verifiable = digests.path("sha256").isTextual() || digests.path("sha512").isTextual();
    Optional<Instant> uploaded = Optional.ofNullable(file.path("upload_time_iso_8601").textValue()).flatMap(t -> {
      try {
        return Optional.of(OffsetDateTime.parse(t).toInstant());
      } catch (DateTimeParseException notIso) {
        return Optional.empty();
      }
    });
    return pass.keep(name.get(), url.get(), verifiable, uploaded)
        .map(kept -> base + PageFilter.filePath(project, kept.locator()));
  }

  private static Optional<URI> uri(String text) {
    try {
      URI uri = new URI(text);
      return uri.isAbsolute() && uri.getRawFragment() == null ? Optional.of(uri.normalize()) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private HttpReply served(HttpCall call, ProjectName project, HttpReply reply) {
    return audit.served(call, project.normalized(), null, null, null, reply);
  }
}
