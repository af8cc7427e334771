package dev.gatehouse.proxy.policy;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.gate.Gate;
import dev.gatehouse.core.gate.LivePolicy;
import dev.gatehouse.core.metadata.HeldListings;
import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.core.store.VerdictStore;
import dev.gatehouse.policy.Policy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the policy while Gatehouse runs: {@link #reload()} reads {@code policy.file} again (on SIGHUP or {@code
 * POST /api/v1/policy/reload}), and {@link #check} compares a candidate without putting it in force. A file that
 * does not parse changes nothing: the error names the file and the key, and the policy in force stays. Once a new
 * policy is in force, every decision reads it; the stored verdicts it changes are derived again before {@link
 * #reload()} returns, so metadata documents, filtered on every request, list what the new policy serves (a version
 * unhidden by a deny entry removed or a package trusted, hidden by a deny entry added) without a restart. Reloads
 * run one at a time. Thread-safe; blocking.
 */
public final class PolicyReload {
  private static final Logger log = LoggerFactory.getLogger(PolicyReload.class);
  /** Verdicts derived again per database read after a reload. */
  private static final int REDERIVE_PAGE = 500;

  private final Optional<Path> file;
  private final LivePolicy live;
  private final Gate gate;
  private final PolicyChanges changes;

  /**
   * @param file {@code policy.file}; empty when Gatehouse runs the embedded default, which cannot be reloaded
   * @param served the filter metadata documents are served through
   * @param listings the registries' held metadata documents, for the dry run
   */
  public PolicyReload(Optional<Path> file, LivePolicy live, Gate gate, VerdictStore verdicts, ReleaseFilter served,
      List<HeldListings> listings) {
    this.file = requireNonNull(file, "file");
    this.live = requireNonNull(live, "live");
    this.gate = requireNonNull(gate, "gate");
    this.changes = new PolicyChanges(gate, verdicts, served, listings);
  }

  /**
   * What the policy {@code text} would change compared with the policy in force; nothing is put in force.
   *
   * @param source names the text in errors
   * @throws dev.gatehouse.policy.PolicyException naming {@code source} and the key, when the text is not a policy
   */
  public PolicyReport check(String source, String text) throws IOException {
    Policy candidate = Policy.parse(source, text);
    return changes.compare(live.get(), candidate, source);
  }

  /**
   * Reads {@code policy.file} again and, when it is valid, puts it in force and derives again the stored verdicts
   * it changes.
   *
   * @return what changed
   * @throws dev.gatehouse.policy.PolicyException naming the file and the key; the policy in force stays
   * @throws NotReloadable when no {@code policy.file} is configured
   */
  public synchronized PolicyReport reload() throws IOException {
    Path path = file.orElseThrow(() -> new NotReloadable("policy.file is not set, so Gatehouse runs its embedded "
        + "default policy and has no file to reload; set policy.file in gatehouse.yml and restart once"));
    Policy candidate = Policy.load(path);
    Policy current = live.get();
    PolicyReport report = changes.compare(current, candidate, path.toString());
    live.replace(candidate);
    int rederived = 0;
    try {
      rederived = gate.rederiveStale(REDERIVE_PAGE);
    } catch (IOException e) {
      // The policy is in force either way: a verdict not derived again here is derived on its next request.
      log.warn("policy {} is in force, but deriving stored verdicts again failed: {}", candidate.version(),
          e.getMessage());
    }
    log.info("policy reloaded from {}: version {} (was {}), {} stored verdicts changed, {} derived again",
        path, candidate.version(), current.version(), report.verdicts().size() + report.verdictsNotListed(),
        rederived);
    return report.appliedWith(rederived);
  }

  /** The policy in force now. */
  public Policy current() {
    return live.get();
  }

  /** There is no policy file to reload. */
  public static final class NotReloadable extends RuntimeException {
    NotReloadable(String message) {
      super(message);
    }
  }
}
