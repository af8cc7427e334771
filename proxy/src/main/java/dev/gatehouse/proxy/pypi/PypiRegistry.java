package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.config.CacheConfig;
import dev.gatehouse.config.LimitsConfig;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.gate.Gate;
import dev.gatehouse.core.gate.GateStorage;
import dev.gatehouse.core.gate.VerifiedFiles;
import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.http.Route;
import dev.gatehouse.proxy.registry.ArtifactReplies;
import dev.gatehouse.proxy.registry.Registry;
import dev.gatehouse.proxy.registry.RegistryRequest;
import dev.gatehouse.proxy.registry.RegistryRoute;
import dev.gatehouse.proxy.registry.RequestAudit;
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
 * request is written to the audit log. Run by the {@link RegistryRoute}.
 */
public final class PypiRegistry implements Registry<PypiPath> {
  public static final String PREFIX = "/pypi/";

  private final SimpleIndex index;
  private final FileDownloads files;
  private final JsonApi json;
  private final RequestAudit audit;

  PypiRegistry(SimpleIndex index, FileDownloads files, JsonApi json, RequestAudit audit) {
    this.index = requireNonNull(index, "index");
    this.files = requireNonNull(files, "files");
    this.json = requireNonNull(json, "json");
    this.audit = requireNonNull(audit, "audit");
  }

  /** The route over {@code adapter}'s index, with pages filtered by {@code releases}. */
  public static Route create(PypiAdapter adapter, Gate gate, GateStorage storage, ReleaseFilter releases,
      AuditLog auditLog, UpstreamClient upstream, CacheConfig cache, LimitsConfig limits, ArtifactReplies replies,
      Executor blocking, Clock clock) {
    RequestAudit audit = new RequestAudit(auditLog, clock, Ecosystem.PYPI);
    PageFilter filter = new PageFilter(adapter.hosts(), releases);
    return new RegistryRoute<>(new PypiRegistry(
        new SimpleIndex(adapter.pages(), filter, new PageWriter(), audit),
        new FileDownloads(adapter, gate, replies, new VerifiedFiles(storage.blobs(), storage.artifacts(), clock),
            upstream, limits.maxMetadataBytes(), audit, blocking),
        new JsonApi(adapter.pages().index(), upstream, filter, limits.maxMetadataBytes(), audit),
        audit), blocking);
  }

  @Override
  public Set<HttpMethod> methods() {
    return Set.of(HttpMethod.GET, HttpMethod.HEAD);
  }

  @Override
  public HttpReply refuse(HttpCall call, HttpProblem methodNotAllowed) {
    return audit.served(call, null, null, null, null, methodNotAllowed);
  }

  @Override
  public RegistryRequest<PypiPath> parse(HttpCall call) {
    String path = call.rawPath().length() <= PREFIX.length() ? "" : call.rawPath().substring(PREFIX.length());
    if (path.startsWith("files/")) {
      return files.parse(path.substring("files/".length()));
    }
    if (path.equals("simple")) {
      return new RegistryRequest.Special<>(new PypiPath.Redirect(Optional.empty(), PREFIX + "simple/"));
    }
    if (path.equals("simple/")) {
      return new RegistryRequest.Document<>(new PypiPath.ProjectList());
    }
    if (path.startsWith("simple/")) {
      String rest = path.substring("simple/".length());
      String name = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
      Optional<ProjectName> project = ProjectName.parse(name);
      if (project.isEmpty()) {
        return notFound("'" + HttpProblem.printable(name) + "' is not a valid project name (PEP 508)");
      }
      if (!rest.equals(project.get().normalized() + "/")) {
        return new RegistryRequest.Special<>(
            new PypiPath.Redirect(project, PREFIX + "simple/" + project.get().normalized() + "/"));
      }
      return new RegistryRequest.Document<>(new PypiPath.ProjectPage(project.get()));
    }
    int slash = path.indexOf('/');
    if (slash > 0 && path.substring(slash).equals("/json")) {
      String name = path.substring(0, slash);
      Optional<ProjectName> project = ProjectName.parse(name);
      if (project.isEmpty()) {
        return notFound("'" + HttpProblem.printable(name) + "' is not a valid project name (PEP 508)");
      }
      if (!name.equals(project.get().normalized())) {
        return new RegistryRequest.Special<>(
            new PypiPath.Redirect(project, PREFIX + project.get().normalized() + "/json"));
      }
      return new RegistryRequest.Document<>(new PypiPath.JsonPage(project.get()));
    }
    return notFound("nothing is served at " + HttpProblem.printable(call.rawPath()) + "; Gatehouse serves "
        + "/pypi/simple/ (pip --index-url), /pypi/simple/{project}/, /pypi/files/… and /pypi/{project}/json");
  }

  @Override
  public CompletableFuture<HttpReply> artifact(HttpCall call, RegistryRequest.Artifact<PypiPath> request) {
    return files.distribution(call, (PypiPath.File) request.path());
  }

  @Override
  public HttpReply document(HttpCall call, RegistryRequest.Document<PypiPath> request) throws IOException {
    PypiPath path = request.path();
    if (path instanceof PypiPath.ProjectPage page) {
      return index.projectPage(call, page.project());
    }
    if (path instanceof PypiPath.JsonPage page) {
      return json.get(call, page.project());
    }
    return index.projectList(call);
  }

  @Override
  public HttpReply passThrough(HttpCall call, RegistryRequest.PassThrough<PypiPath> request) throws IOException {
    return files.coreMetadata(call, (PypiPath.File) request.path());
  }

  @Override
  public HttpReply special(HttpCall call, RegistryRequest.Special<PypiPath> request) {
    PypiPath.Redirect redirect = (PypiPath.Redirect) request.path();
    return redirect(call, redirect.project().orElse(null), redirect.location());
  }

  @Override
  public HttpReply invalid(HttpCall call, RegistryRequest.Invalid<PypiPath> request) {
    if (request.path().isPresent() && request.path().get() instanceof PypiPath.File file) {
      return audit.served(call, file.path().project().normalized(), null, file.path().filename(), null,
          request.problem());
    }
    return audit.served(call, null, null, null, null, request.problem());
  }

  private static RegistryRequest<PypiPath> notFound(String sentence) {
    return new RegistryRequest.Invalid<>(Optional.empty(), HttpProblem.notFound(sentence));
  }

  /** PEP 503: clients are sent to the normalized name, with its final slash. */
  private HttpReply redirect(HttpCall call, ProjectName project, String location) {
    byte[] body = ("see " + location + "\n").getBytes(StandardCharsets.UTF_8);
    HttpReply reply = new HttpReply.Bytes(HttpResponseStatus.MOVED_PERMANENTLY, "text/plain; charset=utf-8", body,
        Map.of("Location", location), call.isHead());
    return audit.served(call, project == null ? null : project.normalized(), null, null, null, reply);
  }
}
