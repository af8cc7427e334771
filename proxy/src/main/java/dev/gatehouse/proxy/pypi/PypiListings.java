package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.metadata.HeldListings;
import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The project pages held in {@link IndexPages}, as the versions whose files pip is shown. PyPI has no tag for the
 * version installed by default (pip picks the highest it may), so a listing has no {@code latest}.
 */
final class PypiListings implements HeldListings {
  private final IndexPages pages;
  private final FileHosts hosts;

  PypiListings(IndexPages pages, FileHosts hosts) {
    this.pages = requireNonNull(pages, "pages");
    this.hosts = requireNonNull(hosts, "hosts");
  }

  @Override
  public Ecosystem ecosystem() {
    return Ecosystem.PYPI;
  }

  @Override
  public List<String> packages(int limit) {
    return pages.heldProjects(limit);
  }

  @Override
  public Optional<HeldListings.Listing> listing(String name, ReleaseFilter filter) throws IOException {
    Optional<ProjectName> project = ProjectName.parse(name);
    Optional<ProjectPage> page = project.flatMap(pages::heldPage);
    if (page.isEmpty()) {
      return Optional.empty();
    }
    dev.gatehouse.proxy.pypi.Listing listing = new PageFilter(hosts, filter).listing(project.get(), page.get());
    Set<String> versions = new LinkedHashSet<>();
    for (dev.gatehouse.proxy.pypi.Listing.Entry entry : listing.files()) {
      DistributionFile.of(project.get(), entry.file().filename()).ifPresent(d -> versions.add(d.version()));
    }
    return Optional.of(new HeldListings.Listing(project.get().normalized(), List.copyOf(versions), Optional.empty()));
  }
}
