package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.config.CacheConfig;
import dev.gatehouse.config.LimitsConfig;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.proxy.audit.AuditLog;
import dev.gatehouse.proxy.gate.ArtifactReplies;
import dev.gatehouse.proxy.gate.Gate;
import dev.gatehouse.proxy.gate.GateStorage;
import dev.gatehouse.proxy.gate.RequestAudit;
import dev.gatehouse.proxy.gate.VerifiedFiles;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.http.Interceptor;
import dev.gatehouse.proxy.http.Route;
import dev.gatehouse.proxy.metadata.ReleaseFilter;
import dev.gatehouse.proxy.upstream.UpstreamClient;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code /pypi/…}, for {@code GET} and {@code HEAD}: the simple index ({@code simple/} and {@code
 * simple/{project}/}, PEP 503 and 691, by {@link SimpleIndex}), files ({@code files/…}, through the gate, by
 * {@link FileDownloads}) and the JSON API ({@code {project}/json}, by {@link JsonApi}). Project names that
 * are not normalized, and index URLs without their final slash, are redirected as PEP 503 asks. Every
 * request is written to the audit log.
 */
public final class PypiRoute implements Route {
  public static final String PREFIX = "/pypi/";

  private final SimpleIndex index;
  private final FileDownloads files;
  private final JsonApi json;
  private final RequestAudit audit;
  private final Route chain;

  PypiRoute(SimpleIndex index, FileDownloads files, JsonApi json, RequestAudit audit, Executor blocking) {
    this.index = requireNonNull(index, "index");
    this.files = requireNonNull(files, "files");
    this.json = requireNonNull(json, "json");
    this.audit = requireNonNull(audit, "audit");
    this.chain = Interceptor.chain(this::route, Interceptor.onBlocking(blocking), Interceptor.methods(
        Set.of(HttpMethod.GET, HttpMethod.HEAD), (c, problem) -> audit.served(c, null, null, null, null, problem)));
  }

  /** The route over {@code adapter}'s index, with pages filtered by {@code releases}. */
  public static PypiRoute create(PypiAdapter adapter, Gate gate, GateStorage storage, ReleaseFilter releases,
      AuditLog auditLog, UpstreamClient upstream, CacheConfig cache, LimitsConfig limits, ArtifactReplies replies,
      Executor blocking, Clock clock) {
    RequestAudit audit = new RequestAudit(auditLog, clock, Ecosystem.PYPI);
    PageFilter filter = new PageFilter(adapter.hosts(), releases);
    return new PypiRoute(
        new SimpleIndex(adapter.pages(), filter, new PageWriter(), audit),
        new FileDownloads(adapter, gate, replies, new VerifiedFiles(storage.blobs(), storage.artifacts(), clock),
            upstream, limits.maxMetadataBytes(), audit, blocking),
        new JsonApi(adapter.pages().index(), upstream, filter, limits.maxMetadataBytes(), audit),
        audit, blocking);
  }

  /**
   * Runs on the event loop and hands the whole request to the blocking executor at once ({@link
   * Interceptor#onBlocking}): every branch records an audit event, and {@link AuditLog#record} waits when its queue
   * is full, which must never stall the loop.
   */
  @Override
  public CompletableFuture<HttpReply> handle(HttpCall call) {
    return chain.handle(call);
  }

  /** Runs on the blocking executor, behind the method guard. */
  private CompletableFuture<HttpReply> route(HttpCall call) {
    String path = call.rawPath().length() <= PREFIX.length() ? "" : call.rawPath().substring(PREFIX.length());
    if (path.startsWith("files/")) {
      return files.handle(call, path.substring("files/".length()));
    }
    return done(Route.unchecked(() -> page(call, path)));
  }

  private HttpReply page(HttpCall call, String path) throws IOException {
    if (path.equals("simple")) {
      return redirect(call, null, PREFIX + "simple/");
    }
    if (path.equals("simple/")) {
      return index.projectList(call);
    }
    if (path.startsWith("simple/")) {
      String rest = path.substring("simple/".length());
      String name = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
      Optional<ProjectName> project = ProjectName.parse(name);
      if (project.isEmpty()) {
        return notFound(call, "'" + HttpProblem.printable(name) + "' is not a valid project name (PEP 508)");
      }
      if (!rest.equals(project.get().normalized() + "/")) {
        return redirect(call, project.get(), PREFIX + "simple/" + project.get().normalized() + "/");
      }
      return index.projectPage(call, project.get());
    }
    int slash = path.indexOf('/');
    if (slash > 0 && path.substring(slash).equals("/json")) {
      String name = path.substring(0, slash);
      Optional<ProjectName> project = ProjectName.parse(name);
      if (project.isEmpty()) {
        return notFound(call, "'" + HttpProblem.printable(name) + "' is not a valid project name (PEP 508)");
      }
      if (!name.equals(project.get().normalized())) {
        return redirect(call, project.get(), PREFIX + project.get().normalized() + "/json");
      }
      return json.get(call, project.get());
    }
    return notFound(call, "nothing is served at " + HttpProblem.printable(call.rawPath()) + "; Gatehouse serves "
        + "/pypi/simple/ (pip --index-url), /pypi/simple/{project}/, /pypi/files/… and /pypi/{project}/json");
  }

  /** PEP 503: clients are sent to the normalized name, with its final slash. */
  private HttpReply redirect(HttpCall call, ProjectName project, String location) {
    byte[] body = ("see " + location + "\n").getBytes(StandardCharsets.UTF_8);
    HttpReply reply = new HttpReply.Bytes(HttpResponseStatus.MOVED_PERMANENTLY, "text/plain; charset=utf-8", body,
        Map.of("Location", location), call.isHead());
    return audit.served(call, project == null ? null : project.normalized(), null, null, null, reply);
  }

  private HttpReply notFound(HttpCall call, String sentence) {
    return audit.served(call, null, null, null, null, HttpProblem.notFound(sentence));
  }

  private static CompletableFuture<HttpReply> done(HttpReply reply) {
    return CompletableFuture.completedFuture(reply);
  }
}
