package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which upstream files a page Gatehouse serves lists, so that pip, uv and poetry pick a file that
 * will be served instead of failing the build. Left out are the files the shared {@link ReleaseFilter} holds
 * back (a stored QUARANTINE or BLOCK verdict on the file, the deny list, the cooldown by PEP 700 {@code
 * upload-time} when the index gives it), and what only PyPI has: files Gatehouse cannot analyze (eggs,
 * installers), files without a SHA-256 or SHA-512 to verify them against, and files outside the configured
 * file hosts. Applied on every request, so that a
 * new verdict or an approval shows at once. Thread-safe; blocking (it reads verdicts).
 */
final class PageFilter {
  private static final Logger log = LoggerFactory.getLogger(PageFilter.class);

  private final FileHosts hosts;
  private final ReleaseFilter releases;

  PageFilter(FileHosts hosts, ReleaseFilter releases) {
    this.hosts = requireNonNull(hosts, "hosts");
    this.releases = requireNonNull(releases, "releases");
  }

  /** A file that may be listed: its version and where it is on Gatehouse. */
  record Kept(DistributionFile file, String locator) {}

  /** The filter for one project's files, as verdicts and the clock stand now. Not thread-safe; one per request. */
  final class Pass {
    private final ProjectName project;
    private final ReleaseFilter.Pass releasePass;

    private Pass(ProjectName project) throws IOException {
      this.project = project;
      this.releasePass = releases.pass(Ecosystem.PYPI, project.normalized());
    }

    /** The file, when it may be listed; otherwise empty, and the log says why at debug level. */
    Optional<Kept> keep(String filename, URI url, boolean verifiable, Optional<Instant> uploadTime) {
      Optional<DistributionFile> dist = DistributionFile.of(project, filename);
      Optional<String> locator = hosts.locator(url);
      Optional<String> why = dist.isEmpty() ? Optional.of("not a wheel or sdist that Gatehouse analyzes")
          : locator.isEmpty() ? Optional.of("its URL is outside upstreams.pypi.files and the index's host")
          : !verifiable ? Optional.of("the index gives no SHA-256 or SHA-512 to verify it against")
          : releasePass.file(project.normalized() + " " + dist.get().version(), dist.get().version(),
              filename, uploadTime).filter(ReleaseFilter.Withheld::hidden).map(ReleaseFilter.Withheld::sentence);
      if (why.isPresent()) {
        log.debug("not listing {} of pypi {}: {}", filename, project, why.get());
        return Optional.empty();
      }
      return Optional.of(new Kept(dist.get(), locator.get()));
    }

    boolean denies(String version) {
      return releasePass.denies(version);
    }
  }

  Pass pass(ProjectName project) throws IOException {
    return new Pass(project);
  }

  /** The Gatehouse path of a file below {@code /pypi/}. */
  static String filePath(ProjectName project, String locator) {
    return "files/" + project.normalized() + "/" + locator;
  }

  /** {@code page} as Gatehouse serves it below {@code /pypi/simple/{project}/}. */
  Listing listing(ProjectName project, ProjectPage page) throws IOException {
    Pass pass = pass(project);
    List<Listing.Entry> kept = new ArrayList<>();
    Set<String> listedVersions = new HashSet<>();
    Set<String> keptVersions = new HashSet<>();
    for (IndexFile file : page.files()) {
      DistributionFile.of(project, file.filename()).ifPresent(d -> listedVersions.add(d.version()));
      Optional<Kept> keep = pass.keep(file.filename(), file.url(), file.verifiableHash().isPresent(), file.uploadTime());
      if (keep.isPresent()) {
        keptVersions.add(keep.get().file().version());
        kept.add(new Listing.Entry(file, "../../" + filePath(project, keep.get().locator())));
      }
    }
    // A version whose every file was left out goes too; one the index lists without files stays.
    Optional<List<String>> versions = page.versions().map(all -> all.stream()
        .filter(v -> keptVersions.contains(v) || !listedVersions.contains(v))
        .filter(v -> !pass.denies(v))
        .toList());
    return new Listing(page.name(), kept, versions, page.files().size() - kept.size());
  }
}
