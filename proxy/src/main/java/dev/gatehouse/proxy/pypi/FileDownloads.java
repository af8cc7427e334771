package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.core.gate.Gate;
import dev.gatehouse.core.gate.GateResult;
import dev.gatehouse.core.gate.PublishedDigest;
import dev.gatehouse.core.gate.RequestTarget;
import dev.gatehouse.core.gate.VerifiedFiles;
import dev.gatehouse.core.store.KnownArtifact;
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
import dev.gatehouse.proxy.registry.RegistryRequest;
import dev.gatehouse.proxy.registry.RequestAudit;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code /pypi/files/{project}/{locator}}: wheels and sdists through the {@link Gate} (downloaded from the
 * URL the project's index page lists, verified against its digest, analyzed, decided), and their PEP 658
 * {@code .metadata} through the {@link VerifiedFiles}: nothing in it runs, so it is not analyzed, but verified
 * against the digest the index gives for it and kept, as long as it matches the digest the index gives now. Any
 * other file type is refused: Gatehouse cannot analyze it, and fails closed. Every problem's sentence is also its reason phrase, because pip prints the
 * status line ("403 Client Error: {reason} for url: ...") and not the body.
 */
final class FileDownloads {
  private static final String CONTENT_TYPE = "application/octet-stream";

  private final PypiAdapter adapter;
  private final Gate gate;
  private final ArtifactReplies replies;
  private final VerifiedFiles metadata;
  private final UpstreamClient upstream;
  private final UpstreamClient.SizeLimit metadataLimit;
  private final RequestAudit audit;
  private final Executor blocking;

  FileDownloads(PypiAdapter adapter, Gate gate, ArtifactReplies replies, VerifiedFiles metadata,
      UpstreamClient upstream, long maxMetadataBytes, RequestAudit audit, Executor blocking) {
    this.adapter = requireNonNull(adapter, "adapter");
    this.gate = requireNonNull(gate, "gate");
    this.replies = requireNonNull(replies, "replies");
    this.metadata = requireNonNull(metadata, "metadata");
    this.upstream = requireNonNull(upstream, "upstream");
    this.metadataLimit = new UpstreamClient.SizeLimit(maxMetadataBytes, "limits.maxMetadataBytes");
    this.audit = requireNonNull(audit, "audit");
    this.blocking = requireNonNull(blocking, "blocking");
  }

  /**
   * What a path under {@code /pypi/files/} asks for: a distribution (an artifact), its PEP 658 metadata (a
   * pass-through file), or nothing Gatehouse serves.
   *
   * @param rawPath the request path after {@code /pypi/files/}, still percent-encoded
   */
  RegistryRequest<PypiPath> parse(String rawPath) {
    FilePath path;
    try {
      path = FilePath.parse(rawPath);
    } catch (IllegalArgumentException invalid) {
      return new RegistryRequest.Invalid<>(Optional.empty(),
          phrased(HttpProblem.badRequest("not a Gatehouse file path: " + invalid.getMessage())));
    }
    String project = path.project().normalized();
    Optional<DistributionFile> dist = DistributionFile.of(path.project(), path.filename());
    PypiPath.File file = new PypiPath.File(path, dist);
    if (dist.isEmpty()) {
      boolean known = ArtifactKind.fromFileName(path.filename())
          .filter(k -> k == ArtifactKind.WHEEL || k == ArtifactKind.SDIST).isPresent();
      HttpProblem problem = known
          ? HttpProblem.notFound(path.filename() + " does not name a version of " + project)
          : ArtifactReplies.unanalyzable(path.filename(), "wheels and sdists (.whl, .tar.gz, .zip, .tar.bz2)");
      return new RegistryRequest.Invalid<>(Optional.of(file), phrased(problem));
    }
    return path.metadata() ? new RegistryRequest.PassThrough<>(file) : new RegistryRequest.Artifact<>(file);
  }

  /** A wheel or sdist through the gate; called on the blocking executor. */
  CompletableFuture<HttpReply> distribution(HttpCall call, PypiPath.File file) {
    FilePath path = file.path();
    DistributionFile dist = file.dist().orElseThrow();
    PackageRef ref = new PackageRef(Ecosystem.PYPI, path.project().normalized(), dist.version(), path.filename());
    RequestTarget target = new RequestTarget(ref, dist.kind(), path.locator());
    return gate.admit(target).thenApplyAsync(result -> Route.unchecked(() -> audit.gated(call, result,
        reply(call, result))), blocking);
  }

  /** PEP 658 metadata of a listed distribution; called on the blocking executor. */
  HttpReply coreMetadata(HttpCall call, PypiPath.File file) throws IOException {
    return metadata(call, file.path(), file.dist().orElseThrow());
  }

  private HttpReply reply(HttpCall call, GateResult result) throws IOException {
    if (result instanceof GateResult.Missing) {
      // Only files the project's index page lists are fetched, so "missing" means "not listed there".
      PackageRef ref = result.target().ref();
      String host = result.target().locator().substring(0, result.target().locator().indexOf('/'));
      return phrased(HttpProblem.notFound("the index page of " + ref.name() + " lists no " + ref.file() + " on "
          + host + " at that path"));
    }
    return result instanceof GateResult.Admitted ? replies.reply(call, result, CONTENT_TYPE)
        : replies.problem(call, result);
  }

  private HttpReply metadata(HttpCall call, FilePath path, DistributionFile dist) throws IOException {
    String project = path.project().normalized();
    String file = path.filename() + FilePath.METADATA_SUFFIX;
    PypiAdapter.Listed listed = adapter.listed(path.project(), path.locator(), path.filename());
    if (listed instanceof PypiAdapter.Listed.IndexUnavailable unavailable) {
      return audit.served(call, project, dist.version(), file, null, phrased(HttpProblem.upstreamFailed(
          unavailable.timedOut(),
          "Gatehouse could not read the index page of " + project + ": " + unavailable.sentence())));
    }
    if (!(listed instanceof PypiAdapter.Listed.Yes yes) || yes.file().coreMetadata().isEmpty()) {
      return audit.served(call, project, dist.version(), file, null, phrased(HttpProblem.notFound(
          "the index page of " + project + " offers no core metadata for " + path.filename())));
    }
    IndexFile listedFile = yes.file();
    PackageRef ref = new PackageRef(Ecosystem.PYPI, project, dist.version(), file);
    Optional<PublishedDigest.Published> expected = expected(listedFile.coreMetadata().orElse(Map.of()));
    VerifiedFiles.Result result = metadata.get(ref, known -> stillMatches(known, expected), expected,
        () -> upstream.fetch(URI.create(listedFile.url() + FilePath.METADATA_SUFFIX), metadataLimit));
    if (result instanceof VerifiedFiles.Result.Stored stored) {
      HttpReply reply = FileResponses.serve(call, stored.blob(),
          "text/plain; charset=utf-8", stored.artifact().firstFetchedAt());
      return audit.served(call, project, dist.version(), file, stored.artifact().sha256(), reply);
    }
    HttpProblem problem;
    if (result instanceof VerifiedFiles.Result.Mismatch mismatch) {
      problem = HttpProblem.of(HttpResponseStatus.BAD_GATEWAY, mismatch.sentence());
    } else {
      UpstreamResponse why = ((VerifiedFiles.Result.Missing) result).why();
      problem = why instanceof UpstreamResponse.Failed failed
          ? HttpProblem.upstreamFailed(failed.timedOut(),
              "Gatehouse could not fetch " + file + ": " + failed.sentence())
          : HttpProblem.notFound("the upstream has no " + file + " although its index offers it");
    }
    return audit.served(call, project, dist.version(), file, null, phrased(problem));
  }

  /** A kept copy was verified when it was fetched; it is replaced only when the index now gives another SHA-256. */
  private static boolean stillMatches(KnownArtifact known, Optional<PublishedDigest.Published> expected) {
    return expected.isEmpty() || !expected.get().algorithm().equals("sha256")
        || expected.get().hex().equals(known.sha256());
  }

  /** PEP 658 {@code data-dist-info-metadata} / PEP 714 {@code core-metadata} hashes: SHA-256 or SHA-512 verify. */
  private static Optional<PublishedDigest.Published> expected(Map<String, String> hashes) {
    for (String name : new String[] {"sha256", "sha512"}) {
      if (hashes.containsKey(name)) {
        return Optional.of(new PublishedDigest.Published(name, hashes.get(name)));
      }
    }
    return Optional.empty();
  }

  private static HttpProblem phrased(HttpProblem problem) {
    return problem.withReasonPhrase(problem.sentence());
  }

}
