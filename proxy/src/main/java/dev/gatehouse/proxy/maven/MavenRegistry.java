package dev.gatehouse.proxy.maven;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.config.CacheConfig;
import dev.gatehouse.config.LimitsConfig;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.gate.Gate;
import dev.gatehouse.core.gate.GateResult;
import dev.gatehouse.core.gate.GateStorage;
import dev.gatehouse.core.gate.RequestTarget;
import dev.gatehouse.core.gate.VerifiedFiles;
import dev.gatehouse.core.metadata.MetadataDocuments;
import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.core.store.FetchClaims;
import dev.gatehouse.core.store.KnownArtifact;
import dev.gatehouse.core.upstream.Digests;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamResponse;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.proxy.http.FileResponses;
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
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code /maven2/…}: the Maven repository layout, for {@code GET} and {@code HEAD}. Jars, wars, ears and
 * aars go through the {@link Gate}; their checksums are answered from the verified blob. {@code
 * maven-metadata.xml} comes from the {@link MetadataCache}, filtered; poms, module files and signatures pass
 * through the {@link VerifiedFiles}. Any other file type is refused: Gatehouse cannot analyze it, and fails closed.
 * Every request is written to the audit log ({@link MavenAudit}). Run by the {@link RegistryRoute}.
 */
public final class MavenRegistry implements Registry<MavenPath> {
  public static final String PREFIX = "/maven2/";
  /** Bytes of {@code maven-metadata.xml} kept in memory at most; one package's version list is a few kB. */
  private static final long MAX_METADATA_BYTES = 64L << 20;

  private final Gate gate;
  private final ArtifactReplies replies;
  private final MetadataCache metadata;
  private final ReleaseFilter releases;
  private final VerifiedFiles descriptors;
  private final UpstreamClient.SizeLimit descriptorLimit;
  private final Duration snapshotTtl;
  private final Clock clock;
  private final ChecksumCache checksums;
  private final RepositoryGroup group;
  private final MavenAudit audit;
  private final Executor blocking;

  MavenRegistry(Gate gate, ArtifactReplies replies, MetadataCache metadata, ReleaseFilter releases,
      VerifiedFiles descriptors,
      long maxDescriptorBytes, Duration snapshotTtl, ChecksumCache checksums, RepositoryGroup group, MavenAudit audit,
      Executor blocking, Clock clock) {
    this.gate = requireNonNull(gate, "gate");
    this.replies = requireNonNull(replies, "replies");
    this.metadata = requireNonNull(metadata, "metadata");
    this.releases = requireNonNull(releases, "releases");
    this.descriptors = requireNonNull(descriptors, "descriptors");
    this.descriptorLimit = new UpstreamClient.SizeLimit(maxDescriptorBytes, "limits.maxMetadataBytes");
    this.snapshotTtl = requireNonNull(snapshotTtl, "snapshotTtl");
    this.clock = requireNonNull(clock, "clock");
    this.checksums = requireNonNull(checksums, "checksums");
    this.group = requireNonNull(group, "group");
    this.audit = requireNonNull(audit, "audit");
    this.blocking = requireNonNull(blocking, "blocking");
  }

  /** The route over {@code adapter}'s repositories, with its caches sized by {@code cache.*} and {@code limits.*}. */
  public static Route create(MavenAdapter adapter, Gate gate, GateStorage storage, ReleaseFilter filter,
      FetchClaims claims, AuditLog auditLog, UpstreamClient upstream, CacheConfig cache, LimitsConfig limits,
      ArtifactReplies replies, Executor blocking, Clock clock) {
    return create(adapter, gate, storage, filter, metadataDocuments(claims, cache, clock), auditLog, upstream, cache,
        limits, replies, blocking, clock);
  }

  /** The cache of upstream {@code maven-metadata.xml} documents, sized by {@code cache.*}, for {@link #create}. */
  public static MetadataDocuments<byte[]> metadataDocuments(FetchClaims claims, CacheConfig cache, Clock clock) {
    return new MetadataDocuments<>("maven-metadata.xml", cache.metadataTtl(), cache.notFoundTtl(), MAX_METADATA_BYTES,
        xml -> { }, claims, clock);
  }

  /** The route, with the {@code maven-metadata.xml} documents kept in {@code documents} (shared with a dry run). */
  public static Route create(MavenAdapter adapter, Gate gate, GateStorage storage, ReleaseFilter filter,
      MetadataDocuments<byte[]> documents, AuditLog auditLog, UpstreamClient upstream, CacheConfig cache,
      LimitsConfig limits, ArtifactReplies replies, Executor blocking, Clock clock) {
    RepositoryGroup group = new RepositoryGroup(adapter.repositories(), upstream, cache.notFoundTtl());
    return new RegistryRoute<>(new MavenRegistry(gate, replies, new MetadataCache(group, filter, documents, limits.maxMetadataBytes()),
        filter, new VerifiedFiles(storage.blobs(), storage.artifacts(), clock), limits.maxMetadataBytes(),
        cache.metadataTtl(), new ChecksumCache(), group, new MavenAudit(auditLog, clock), blocking, clock), blocking);
  }

  @Override
  public Set<HttpMethod> methods() {
    return Set.of(HttpMethod.GET, HttpMethod.HEAD);
  }

  @Override
  public HttpReply refuse(HttpCall call, HttpProblem methodNotAllowed) {
    return audit.served(call, null, null, methodNotAllowed);
  }

  @Override
  public RegistryRequest<MavenPath> parse(HttpCall call) {
    MavenPath path;
    try {
      path = MavenPath.parse(call.rawPath().substring(Math.min(call.rawPath().length(), PREFIX.length())));
    } catch (IllegalArgumentException invalid) {
      HttpProblem problem = HttpProblem.badRequest("not a Maven repository path: " + invalid.getMessage());
      return new RegistryRequest.Invalid<>(Optional.empty(), problem.withReasonPhrase(problem.sentence()));
    }
    if (path.isGatedArchive()) {
      return new RegistryRequest.Artifact<>(path);
    }
    if (path.isMetadata()) {
      return new RegistryRequest.Document<>(path);
    }
    if (path.isDescriptor()) {
      return new RegistryRequest.PassThrough<>(path);
    }
    return new RegistryRequest.Invalid<>(Optional.of(path),
        ArtifactReplies.unanalyzable(path.fileName(), ".jar, .war, .ear, .aar and .zip files"));
  }

  @Override
  public CompletableFuture<HttpReply> artifact(HttpCall call, RegistryRequest.Artifact<MavenPath> request) {
    MavenPath path = request.path();
    RequestTarget target = target(path.subject());
    if (group.isKnownMissing(target.locator())) {
      return CompletableFuture.completedFuture(
          audit.gated(call, path, null, replies.problem(call, new GateResult.Missing(target))));
    }
    return gate.admit(target).thenApplyAsync(result -> {
      if (result instanceof GateResult.Missing) {
        group.rememberMissing(target.locator()); // builds probe for absent classifiers again and again
      }
      return Route.unchecked(() -> archive(call, path, result));
    }, blocking);
  }

  @Override
  public HttpReply document(HttpCall call, RegistryRequest.Document<MavenPath> request) throws IOException {
    return metadata(call, request.path());
  }

  @Override
  public HttpReply passThrough(HttpCall call, RegistryRequest.PassThrough<MavenPath> request) throws IOException {
    return descriptor(call, request.path());
  }

  /** Maven's layout has no endpoints of its own; {@link #parse} never asks for one. */
  @Override
  public HttpReply special(HttpCall call, RegistryRequest.Special<MavenPath> request) {
    throw new IllegalStateException("the Maven layout has no special endpoints: " + request.path().relative());
  }

  @Override
  public HttpReply invalid(HttpCall call, RegistryRequest.Invalid<MavenPath> request) {
    return audit.served(call, request.path().orElse(null), null, request.problem());
  }

  private HttpReply archive(HttpCall call, MavenPath path, GateResult result) throws IOException {
    if (!(result instanceof GateResult.Admitted admitted)) {
      return audit.gated(call, path, result, replies.problem(call, result));
    }
    if (path.checksum().isEmpty()) {
      return audit.gated(call, path, result, replies.reply(call, result, contentType(path)));
    }
    Digests digests = checksums.of(admitted.blob());
    String hex = digests.byAlgorithm(path.checksum().get()).orElseThrow();
    return audit.gated(call, path, result, text(call, hex, admitted.artifact().firstFetchedAt()));
  }

  private HttpReply metadata(HttpCall call, MavenPath path) throws IOException {
    MetadataCache.Result result = metadata.get(path);
    if (result.document().isEmpty()) {
      return audit.served(call, path, null, missing(path, result.missing()));
    }
    MetadataCache.Document doc = result.document().get();
    Digests digests = Digests.of(doc.xml());
    HttpReply reply = path.checksum().isPresent()
        ? text(call, digests.byAlgorithm(path.checksum().get()).orElseThrow(), doc.fetchedAt())
        : FileResponses.serve(call, doc.xml(), digests.sha256(), "application/xml", doc.fetchedAt());
    if (doc.warning().isPresent() && reply instanceof HttpReply.Bytes bytes) {
      reply = bytes.withHeader("Warning", doc.warning().get());
    }
    return audit.served(call, path, null, reply);
  }

  /**
   * Poms, Gradle module files, signatures and their checksums: nothing in them runs, so they pass through the
   * {@link VerifiedFiles} without analysis. Maven publishes no digest of them that Gatehouse could trust more
   * than the file itself. Release files never change once published and are kept; files of a {@code -SNAPSHOT}
   * version are fetched again after {@code cache.metadataTtl}.
   */
  private HttpReply descriptor(HttpCall call, MavenPath path) throws IOException {
    // The pom of a version the metadata leaves out (deny list, a blocked jar) says why, before Maven asks for
    // the jar: a 404 would read as "no such version". A version quarantined pending review stays listed, and
    // its pom is served; its jar answers the 403.
    Optional<ReleaseFilter.Withheld> withheld = releases.pass(Ecosystem.MAVEN, path.packageName())
        .version(path.packageName() + ":" + path.version(), path.version(), Optional.empty())
        .filter(ReleaseFilter.Withheld::hidden);
    if (withheld.isPresent()) {
      return audit.served(call, path, null, replies.withheld(withheld.get()));
    }
    PackageRef ref = new PackageRef(Ecosystem.MAVEN, path.packageName(), path.version(), path.fileName());
    VerifiedFiles.Result result = descriptors.get(ref, this::fresh, Optional.empty(),
        () -> group.first(path.relative(), descriptorLimit));
    if (result instanceof VerifiedFiles.Result.Missing missing) {
      return audit.served(call, path, null, missing(path, missing.why()));
    }
    VerifiedFiles.Result.Stored stored = (VerifiedFiles.Result.Stored) result;
    HttpReply reply = FileResponses.serve(call, stored.blob(), contentType(path),
        stored.artifact().firstFetchedAt());
    return audit.served(call, path, stored.artifact().sha256(), reply);
  }

  private boolean fresh(KnownArtifact artifact) {
    return !artifact.ref().version().endsWith("-SNAPSHOT")
        || clock.instant().isBefore(artifact.firstFetchedAt().plus(snapshotTtl));
  }

  private static HttpProblem missing(MavenPath path, UpstreamResponse why) {
    HttpProblem problem;
    if (why instanceof UpstreamResponse.Failed failed) {
      problem = HttpProblem.upstreamFailed(failed.timedOut(),
          "Gatehouse could not fetch " + path.fileName() + ": " + failed.sentence());
    } else {
      problem = HttpProblem.notFound(path.relative() + " is in none of the upstream repositories");
    }
    return problem.withReasonPhrase(problem.sentence());
  }

  private static HttpReply text(HttpCall call, String hex, java.time.Instant modified) {
    byte[] body = hex.getBytes(StandardCharsets.US_ASCII);
    return FileResponses.serve(call, body, Digests.of(body).sha256(), "text/plain; charset=us-ascii", modified);
  }

  static RequestTarget target(MavenPath subject) {
    PackageRef ref = new PackageRef(Ecosystem.MAVEN, subject.packageName(), subject.version(), subject.fileName());
    return new RequestTarget(ref, ArtifactKind.JAR, subject.relative());
  }

  private static String contentType(MavenPath path) {
    String name = path.subject().fileName().toLowerCase(Locale.ROOT);
    if (path.checksum().isPresent() || name.endsWith(".asc")) {
      return "text/plain; charset=us-ascii";
    }
    if (name.endsWith(".pom") || name.endsWith(".xml")) {
      return "application/xml";
    }
    if (name.endsWith(".module") || name.endsWith(".json")) {
      return "application/json";
    }
    return name.endsWith(".jar") ? "application/java-archive" : "application/octet-stream";
  }

}
