package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.config.LimitsConfig;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.gate.Gate;
import dev.gatehouse.core.gate.GateResult;
import dev.gatehouse.core.gate.GateStorage;
import dev.gatehouse.core.gate.RequestTarget;
import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.core.store.ArtifactStore;
import dev.gatehouse.core.store.KnownArtifact;
import dev.gatehouse.core.store.ScratchSpace;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.http.Route;
import dev.gatehouse.proxy.registry.ArtifactReplies;
import dev.gatehouse.proxy.registry.Registry;
import dev.gatehouse.proxy.registry.RegistryRequest;
import dev.gatehouse.proxy.registry.RegistryRoute;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code /npm/…}: the npm registry protocol, read-only. Packuments and version manifests come filtered from the
 * {@link PackumentReplies}; tarballs go through the {@link Gate}, mapped to their version by the packument;
 * {@code npm audit} is passed to the upstream; {@code -/ping} answers {@code {}}; publishing, logins and every
 * other write answer 405. Errors are npm's JSON ({@link NpmErrors}), and every request is audited ({@link
 * NpmAudit}). Run by the {@link RegistryRoute}, whose method guard lets POST through for npm audit's two endpoints
 * only; every other write (publish, unpublish, login) is npm's read-only error.
 */
public final class NpmRegistry implements Registry<NpmPath> {
  public static final String PREFIX = "/npm/";
  private static final String READ = "GET, HEAD";

  private final Gate gate;
  private final ArtifactReplies replies;
  private final PackumentCache packuments;
  private final ArtifactStore artifacts;
  private final PackumentReplies documents;
  private final AdvisoryPassThrough advisories;
  private final NpmAudit audit;
  private final NpmErrors errors;
  private final RegistryUrl registryUrl;
  private final Executor blocking;

  private NpmRegistry(Gate gate, ArtifactReplies replies, PackumentCache packuments, ArtifactStore artifacts,
      PackumentReplies documents, AdvisoryPassThrough advisories, NpmAudit audit, NpmErrors errors,
      RegistryUrl registryUrl, Executor blocking) {
    this.gate = requireNonNull(gate, "gate");
    this.replies = requireNonNull(replies, "replies");
    this.packuments = requireNonNull(packuments, "packuments");
    this.artifacts = requireNonNull(artifacts, "artifacts");
    this.documents = requireNonNull(documents, "documents");
    this.advisories = requireNonNull(advisories, "advisories");
    this.audit = requireNonNull(audit, "audit");
    this.errors = requireNonNull(errors, "errors");
    this.registryUrl = requireNonNull(registryUrl, "registryUrl");
    this.blocking = requireNonNull(blocking, "blocking");
  }

  /**
   * The route over {@code adapter}'s registry.
   *
   * @param fallbackHost the {@code host:port} tarball URLs name when a request has no {@code Host} header
   */
  public static Route create(NpmAdapter adapter, Gate gate, GateStorage storage, AuditLog auditLog,
      UpstreamClient upstream, ReleaseFilter releases, ScratchSpace scratch, LimitsConfig limits,
      ArtifactReplies replies, String fallbackHost,
      Executor blocking, Clock clock) {
    NpmErrors errors = new NpmErrors();
    PackumentReplies documents = new PackumentReplies(adapter.packuments(), new VersionFilter(releases),
        new PackumentWriter(adapter.json()), scratch, errors, replies);
    return new RegistryRoute<>(new NpmRegistry(gate, replies, adapter.packuments(), storage.artifacts(), documents,
        new AdvisoryPassThrough(adapter.registry(), upstream, limits.maxMetadataBytes(), errors),
        new NpmAudit(auditLog, clock), errors, new RegistryUrl(fallbackHost), blocking), blocking);
  }

  /** POST passes for npm audit's two endpoints; {@link #special} refuses it everywhere else. */
  @Override
  public Set<HttpMethod> methods() {
    return Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST);
  }

  /** A write the method guard stopped, recorded under the package it named when the path names one. */
  @Override
  public HttpReply refuse(HttpCall call, HttpProblem methodNotAllowed) {
    RegistryRequest<NpmPath> request = parse(call);
    NpmName name = request instanceof RegistryRequest.Document<NpmPath> d ? name(d.path())
        : request instanceof RegistryRequest.Artifact<NpmPath> a ? name(a.path()) : null;
    return audit.served(call, name, null, null, errors.readOnly(call, READ));
  }

  @Override
  public RegistryRequest<NpmPath> parse(HttpCall call) {
    String raw = call.rawPath();
    NpmPath path;
    try {
      path = NpmPath.parse(raw.length() <= PREFIX.length() ? "" : raw.substring(PREFIX.length()));
    } catch (IllegalArgumentException invalid) {
      return new RegistryRequest.Invalid<>(Optional.empty(), HttpProblem.badRequest(invalid.getMessage()));
    }
    if (path instanceof NpmPath.Special) {
      return new RegistryRequest.Special<>(path);
    }
    if (path instanceof NpmPath.Tarball) {
      return new RegistryRequest.Artifact<>(path);
    }
    return new RegistryRequest.Document<>(path);
  }

  @Override
  public CompletableFuture<HttpReply> artifact(HttpCall call, RegistryRequest.Artifact<NpmPath> request) {
    NpmPath.Tarball tarball = (NpmPath.Tarball) request.path();
    if (!isRead(call)) {
      return audited(call, tarball.name(), null, null, errors.readOnly(call, READ));
    }
    return tarball(call, tarball);
  }

  @Override
  public HttpReply document(HttpCall call, RegistryRequest.Document<NpmPath> request) throws IOException {
    NpmName name = name(request.path());
    if (!isRead(call)) {
      return audit.served(call, name, null, null, errors.readOnly(call, READ));
    }
    String registry = registryUrl.of(call);
    if (request.path() instanceof NpmPath.Version version) {
      return audit.served(call, name, version.spec(), null, documents.version(call, name, version.spec(), registry));
    }
    return audit.served(call, name, null, null, documents.packument(call, name, registry));
  }

  /** npm has no pass-through files: {@link #parse} never asks for one. */
  @Override
  public HttpReply passThrough(HttpCall call, RegistryRequest.PassThrough<NpmPath> request) {
    throw new IllegalStateException("npm has no pass-through files: " + request.path());
  }

  /** npm's writes (unpublish's -rev/..., dist-tag's -/package/...) use paths no read has: say what matters. */
  @Override
  public HttpReply invalid(HttpCall call, RegistryRequest.Invalid<NpmPath> request) {
    HttpReply refused = isRead(call) ? errors.reply(call, request.problem()) : errors.readOnly(call, READ);
    return audit.served(call, request.path().map(NpmRegistry::name).orElse(null), null, null, refused);
  }

  /** The package a packument, version or tarball path names; none for a special endpoint. */
  private static NpmName name(NpmPath path) {
    return path instanceof NpmPath.Packument p ? p.name()
        : path instanceof NpmPath.Version v ? v.name()
        : path instanceof NpmPath.Tarball t ? t.name() : null;
  }

  private static boolean isRead(HttpCall call) {
    return HttpMethod.GET.equals(call.method()) || HttpMethod.HEAD.equals(call.method());
  }

  @Override
  public HttpReply special(HttpCall call, RegistryRequest.Special<NpmPath> request) throws IOException {
    NpmPath.Special special = (NpmPath.Special) request.path();
    NpmPath.Endpoint endpoint = special.endpoint();
    boolean advisory = endpoint == NpmPath.Endpoint.ADVISORIES_BULK || endpoint == NpmPath.Endpoint.AUDITS_QUICK;
    if (advisory && HttpMethod.POST.equals(call.method())) {
      return audit.served(call, null, null, null, advisories.post(call, special.path()));
    }
    if (advisory) {
      return audit.served(call, null, null, null,
          errors.reply(call, HttpProblem.methodNotAllowed(call.method().name(), "POST")));
    }
    if (endpoint == NpmPath.Endpoint.ACCOUNT || !isRead(call)) {
      return audit.served(call, null, null, null, errors.readOnly(call, READ));
    }
    if (endpoint == NpmPath.Endpoint.PING) {
      return audit.served(call, null, null, null, HttpReply.Bytes.of(HttpResponseStatus.OK,
          "application/json", "{}".getBytes(StandardCharsets.UTF_8)).headOnly(call.isHead()));
    }
    return audit.served(call, null, null, null, errors.notFound(call, "Gatehouse does not offer /npm/"
        + special.path() + "; it serves packuments, tarballs, npm audit and -/ping"));
  }

  /** Maps the file to its version through the packument, then lets the gate decide. */
  private CompletableFuture<HttpReply> tarball(HttpCall call, NpmPath.Tarball path) {
    Resolution resolution = Route.unchecked(() -> resolve(call, path));
    if (resolution.target().isEmpty()) {
      return audited(call, path.name(), null, path.file(), resolution.problem());
    }
    // The gate may complete on any thread; the reply and its audit event go back to the blocking executor.
    return gate.admit(resolution.target().get())
        .thenApplyAsync(result -> Route.unchecked(() -> audit.gated(call, result, reply(call, result))), blocking);
  }

  /** A tarball's target, or the reply that explains why there is none. */
  private record Resolution(Optional<RequestTarget> target, HttpReply problem) {}

  private Resolution resolve(HttpCall call, NpmPath.Tarball path) throws IOException {
    NpmName name = path.name();
    PackumentCache.Lookup lookup = packuments.get(name);
    if (lookup instanceof PackumentCache.Failed) {
      // The upstream is down and no packument is kept (a restart): a tarball fetched before is still served.
      Optional<KnownArtifact> known = artifacts.ofPackage(Ecosystem.NPM, name.full()).stream()
          .filter(artifact -> artifact.ref().file().equals(path.file())).findFirst();
      if (known.isPresent()) {
        return new Resolution(Optional.of(new RequestTarget(known.get().ref(), ArtifactKind.NPM_TARBALL,
            name.full() + "/-/" + path.file())), null);
      }
    }
    if (!(lookup instanceof PackumentCache.Found found)) {
      return new Resolution(Optional.empty(), documents.problem(call, name, lookup));
    }
    Optional<NpmRelease> release = found.entry().index().byFile(path.file());
    if (release.isEmpty() && packuments.refreshed(name) instanceof PackumentCache.Found newer) {
      release = newer.entry().index().byFile(path.file());
    }
    if (release.isEmpty()) {
      return new Resolution(Optional.empty(), errors.notFound(call, "no version of " + name
          + " in the upstream packument has a tarball named " + NpmName.quoted(path.file())));
    }
    PackageRef ref = new PackageRef(Ecosystem.NPM, name.full(), release.get().version(), path.file());
    return new Resolution(Optional.of(new RequestTarget(ref, ArtifactKind.NPM_TARBALL,
        name.full() + "/-/" + path.file())), null);
  }

  private HttpReply reply(HttpCall call, GateResult result) throws IOException {
    if (result instanceof GateResult.Admitted) {
      return replies.reply(call, result, "application/octet-stream");
    }
    return errors.reply(call, replies.problem(call, result));
  }

  /** Records {@code reply} in the audit log; already on the blocking executor, where the route put every call. */
  private CompletableFuture<HttpReply> audited(HttpCall call, NpmName name, String version, String file,
      HttpReply reply) {
    return done(audit.served(call, name, version, file, reply));
  }

  private static CompletableFuture<HttpReply> done(HttpReply reply) {
    return CompletableFuture.completedFuture(reply);
  }
}
