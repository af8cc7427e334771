package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.metadata.HeldListings;
import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The packuments held in the {@link PackumentCache}, as the versions and {@code latest} clients are shown. */
final class NpmListings implements HeldListings {
  private final PackumentCache packuments;

  NpmListings(PackumentCache packuments) {
    this.packuments = requireNonNull(packuments, "packuments");
  }

  @Override
  public Ecosystem ecosystem() {
    return Ecosystem.NPM;
  }

  @Override
  public List<String> packages(int limit) {
    return packuments.heldNames(limit);
  }

  @Override
  public Optional<Listing> listing(String name, ReleaseFilter filter) throws IOException {
    Optional<PackumentCache.Entry> entry = packuments.current(NpmName.parse(name));
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    PackumentIndex index = entry.get().index();
    VersionFilter.Selection selection = VersionFilter.select(index, filter.pass(Ecosystem.NPM, name));
    List<String> listed = index.versions().keySet().stream().filter(selection::keeps).toList();
    return Optional.of(new Listing(name, listed, Optional.ofNullable(selection.distTags().get("latest"))));
  }
}
