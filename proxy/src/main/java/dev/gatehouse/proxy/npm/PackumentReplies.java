package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.metadata.StaleWarning;
import dev.gatehouse.core.store.ScratchSpace;
import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.core.upstream.Digests;
import dev.gatehouse.proxy.http.FileResponses;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.registry.ArtifactReplies;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Answers packument and version requests from the {@link PackumentCache}: filtered by the {@link VersionFilter},
 * written by the {@link PackumentWriter} to a temp file and sent from there, so that a packument of tens of MB
 * is never held in memory. Its {@code ETag} digests everything the rendering depends on (the upstream copy, the
 * form, the registry URL, the withheld versions), so a revalidation is answered 304 without writing anything;
 * {@code Cache-Control: no-cache} makes clients revalidate, so an approval or a new refusal shows at once.
 * Thread-safe; blocking.
 */
final class PackumentReplies {
  /** Changes whenever the writer's output for the same inputs would change, so that old ETags stop matching. */
  private static final String RENDERING = "gatehouse-npm-packument 2";

  private final PackumentCache packuments;
  private final VersionFilter filter;
  private final PackumentWriter writer;
  private final ScratchSpace scratch;
  private final NpmErrors errors;
  private final ArtifactReplies replies;

  PackumentReplies(PackumentCache packuments, VersionFilter filter, PackumentWriter writer, ScratchSpace scratch,
      NpmErrors errors, ArtifactReplies replies) {
    this.packuments = requireNonNull(packuments, "packuments");
    this.filter = requireNonNull(filter, "filter");
    this.writer = requireNonNull(writer, "writer");
    this.scratch = requireNonNull(scratch, "scratch");
    this.errors = requireNonNull(errors, "errors");
    this.replies = requireNonNull(replies, "replies");
  }

  /** {@code GET /npm/{name}}, full or abbreviated as the {@code Accept} header asks. */
  HttpReply packument(HttpCall call, NpmName name, String registry) throws IOException {
    return again(() -> packumentOnce(call, name, registry));
  }

  /** {@code GET /npm/{name}/{version-or-tag}}: one kept version's manifest; a tag is read from the repaired tags. */
  HttpReply version(HttpCall call, NpmName name, String spec, String registry) throws IOException {
    return again(() -> versionOnce(call, name, spec, registry));
  }

  @FunctionalInterface
  private interface Rendering {
    HttpReply render() throws IOException;
  }

  /**
   * Renders once more when a newer copy replaced (deleted) the file between look-up and reading: the second
   * look-up finds the newer one.
   */
  private static HttpReply again(Rendering rendering) throws IOException {
    try {
      return rendering.render();
    } catch (NoSuchFileException replaced) {
      return rendering.render();
    }
  }

  private HttpReply packumentOnce(HttpCall call, NpmName name, String registry) throws IOException {
    PackumentCache.Lookup lookup = packuments.get(name);
    if (!(lookup instanceof PackumentCache.Found found)) {
      return problem(call, name, lookup);
    }
    PackumentCache.Entry entry = found.entry();
    VersionFilter.Selection selection = select(entry);
    PackumentWriter.Form form = form(call);
    Map<String, String> deprecated = deprecations(call, selection);
    String etag = etag(entry, form, registry, selection, deprecated);
    Map<String, String> headers = new TreeMap<>();
    headers.put("ETag", "\"" + etag + "\"");
    headers.put("Cache-Control", "no-cache");
    headers.put("Vary", "Accept, User-Agent");
    found.staleBecause().ifPresent(why -> headers.put("Warning", StaleWarning.of(entry.fetchedAt(), why)));
    if (matches(call, etag)) {
      return new HttpReply.Bytes(HttpResponseStatus.NOT_MODIFIED, form.contentType(), new byte[0], headers, true);
    }
    Path rendered = scratch.newFile();
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(rendered))) {
        writer.write(entry.file(), entry.index(), selection, deprecated, form, registry, out);
      }
      long size = Files.size(rendered);
      if (call.isHead()) {
        headers.put("Content-Length", Long.toString(size));
        return new HttpReply.Bytes(HttpResponseStatus.OK, form.contentType(), new byte[0], headers, true);
      }
      // The open channel keeps the bytes readable after the name is gone, and nothing is left behind.
      FileChannel channel = FileChannel.open(rendered, StandardOpenOption.READ);
      return new HttpReply.FileBody(HttpResponseStatus.OK, form.contentType(), channel, size, headers);
    } finally {
      Files.deleteIfExists(rendered);
    }
  }

  private HttpReply versionOnce(HttpCall call, NpmName name, String spec, String registry) throws IOException {
    PackumentCache.Lookup lookup = packuments.get(name);
    if (!(lookup instanceof PackumentCache.Found found)) {
      return problem(call, name, lookup);
    }
    PackumentCache.Entry entry = found.entry();
    VersionFilter.Selection selection = select(entry);
    String version = selection.distTags().getOrDefault(spec, spec);
    ReleaseFilter.Withheld withheld = selection.withheld().get(version);
    if (withheld != null) {
      // Left out of the packument, but it exists: say why instead of a 404 that reads "no such version".
      return errors.reply(call, replies.withheld(withheld));
    }
    NpmRelease release = entry.index().versions().get(version);
    Optional<byte[]> manifest = release == null ? Optional.empty()
        : writer.version(entry.file(), release, registry, name);
    if (manifest.isEmpty()) {
      return errors.notFound(call, name + " has no version or dist-tag " + NpmName.quoted(spec));
    }
    HttpReply reply = FileResponses.serve(call, manifest.get(), Digests.of(manifest.get()).sha256(),
        "application/json", entry.fetchedAt());
    if (found.staleBecause().isPresent() && reply instanceof HttpReply.Bytes bytes) {
      return bytes.withHeader("Warning", StaleWarning.of(entry.fetchedAt(), found.staleBecause().get()));
    }
    return reply;
  }

  /** The answer when there is no packument to serve: the upstream has none, or failed with no copy kept. */
  HttpReply problem(HttpCall call, NpmName name, PackumentCache.Lookup lookup) {
    if (lookup instanceof PackumentCache.Failed failed) {
      return errors.upstreamFailed(call, "Gatehouse could not fetch the packument of " + name + " and has no "
          + "earlier copy: " + failed.sentence(), failed.timedOut());
    }
    return errors.notFound(call, name + " is not in the upstream registry ("
        + ((PackumentCache.Missing) lookup).uri() + ")");
  }

  private VersionFilter.Selection select(PackumentCache.Entry entry) throws IOException {
    return filter.select(entry.index());
  }

  /**
   * The abbreviated form when the client asks for it (npm sends {@code application/vnd.npm.install-v1+json;
   * q=1.0, application/json; q=0.8, *}{@code /*}), the full one otherwise, as the npm registry decides.
   */
  static PackumentWriter.Form form(HttpCall call) {
    String accept = call.header("Accept").orElse("").toLowerCase(Locale.ROOT);
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      if (parts[0].strip().equals("application/vnd.npm.install-v1+json") && !refused(parts)) {
        return PackumentWriter.Form.ABBREVIATED;
      }
    }
    return PackumentWriter.Form.FULL;
  }

  /** Whether a media range's parameters say {@code q=0}: "not acceptable" (RFC 9110 §12.4.2). */
  private static boolean refused(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      if (p.startsWith("q=")) {
        try {
          return Double.parseDouble(p.substring(2)) <= 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }

  /**
   * The {@code deprecated} text of each listed version Gatehouse refuses, for the clients that print {@code
   * deprecated} and show nothing of a tarball's 403 (yarn 1, bun); empty for every other client. npm and pnpm are
   * not sent it because they steer away from a deprecated version: npm-pick-manifest prefers any non-deprecated
   * version in the range (and skips a deprecated {@code latest}), pnpm does when {@code latest} is outside the
   * range, so a held newest version would make them install the next older one silently, the walk-down this
   * listing exists to stop. They print the 403's reason phrase instead (see docs/clients.md).
   */
  static Map<String, String> deprecations(HttpCall call, VersionFilter.Selection selection) {
    String agent = call.header("User-Agent").orElse("");
    if (!(agent.startsWith("yarn/1.") || agent.startsWith("Bun/")) || selection.held().isEmpty()) {
      return Map.of();
    }
    Map<String, String> deprecated = new TreeMap<>();
    selection.held().forEach((version, held) -> deprecated.put(version, "Gatehouse refuses this version: "
        + held.sentence() + ". Installing it fails with 403 until a reviewer approves it."));
    return deprecated;
  }

  private static String etag(PackumentCache.Entry entry, PackumentWriter.Form form, String registry,
      VersionFilter.Selection selection, Map<String, String> deprecated) {
    StringBuilder inputs = new StringBuilder(RENDERING).append('\n').append(entry.sha256()).append('\n')
        .append(form).append('\n').append(registry).append('\n');
    selection.withheld().keySet().forEach(v -> inputs.append(v).append('\n'));
    deprecated.forEach((v, text) -> inputs.append(v).append(' ').append(text).append('\n'));
    return Digests.of(inputs.toString().getBytes(StandardCharsets.UTF_8)).sha256();
  }

  /** RFC 9110 §13.1.2: a listed tag or {@code *} matches; weak tags compare by their opaque part. */
  private static boolean matches(HttpCall call, String etag) {
    Optional<String> ifNoneMatch = call.header("If-None-Match");
    if (ifNoneMatch.isEmpty()) {
      return false;
    }
    for (String tag : ifNoneMatch.get().split(",")) {
      String t = tag.strip();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("*") || t.equals("\"" + etag + "\"")) {
        return true;
      }
    }
    return false;
  }
}
