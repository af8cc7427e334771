package dev.gatehouse.proxy;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.LimitsConfig;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.DailyActivity;
import dev.gatehouse.core.gate.DecisionListener;
import dev.gatehouse.core.gate.FetchSettings;
import dev.gatehouse.core.gate.Gate;
import dev.gatehouse.core.gate.GateStorage;
import dev.gatehouse.core.gate.LivePolicy;
import dev.gatehouse.core.identity.SqlTokenStore;
import dev.gatehouse.core.identity.Tokens;
import dev.gatehouse.core.metadata.MetadataDocuments;
import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.core.metadata.StoredRefusals;
import dev.gatehouse.core.quarantine.Quarantine;
import dev.gatehouse.core.store.AnalysisStore;
import dev.gatehouse.core.store.ArtifactStore;
import dev.gatehouse.core.store.Database;
import dev.gatehouse.core.store.FetchClaims;
import dev.gatehouse.core.store.FileBlobStore;
import dev.gatehouse.core.store.LocalFetchClaims;
import dev.gatehouse.core.store.LocalVerdictChanges;
import dev.gatehouse.core.store.ScratchSpace;
import dev.gatehouse.core.store.VerdictStore;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.policy.Policy;
import dev.gatehouse.proxy.access.Access;
import dev.gatehouse.proxy.admin.AdminApi;
import dev.gatehouse.proxy.admin.AdminToken;
import dev.gatehouse.proxy.admin.Permissions;
import dev.gatehouse.proxy.admin.StatsApi;
import dev.gatehouse.proxy.http.HttpLimits;
import dev.gatehouse.proxy.http.HttpServer;
import dev.gatehouse.proxy.http.Router;
import dev.gatehouse.proxy.maven.MavenAdapter;
import dev.gatehouse.proxy.maven.MavenListings;
import dev.gatehouse.proxy.maven.MavenRegistry;
import dev.gatehouse.proxy.monitoring.HealthRoute;
import dev.gatehouse.proxy.monitoring.MetricsRoute;
import dev.gatehouse.proxy.npm.NpmAdapter;
import dev.gatehouse.proxy.npm.NpmRegistry;
import dev.gatehouse.proxy.policy.PolicyApi;
import dev.gatehouse.proxy.policy.PolicyReload;
import dev.gatehouse.proxy.policy.PolicyReport;
import dev.gatehouse.proxy.pypi.PypiAdapter;
import dev.gatehouse.proxy.pypi.PypiRegistry;
import dev.gatehouse.proxy.registry.ArtifactReplies;
import dev.gatehouse.proxy.ui.UiRoute;
import dev.gatehouse.proxy.webhook.Webhooks;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Gatehouse server, wired from a {@link GatehouseConfig}: storage in the data directory, the policy,
 * the analyzer, the upstream client, the gate, the routes and the HTTP listener. {@link #start()} opens
 * everything and returns the bound port; {@link #close()} stops the listener first and the database last, so
 * that no request is cut from its audit record. Not restartable: make a new one.
 */
public final class Gatehouse implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gatehouse.class);

  private final GatehouseConfig config;
  private final Clock clock;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private int port = -1;
  private AuditLog audit;
  private PolicyReload policyReload;

  public Gatehouse(GatehouseConfig config) {
    this(config, Clock.systemUTC());
  }

  public Gatehouse(GatehouseConfig config, Clock clock) {
    this.config = requireNonNull(config, "config");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Opens storage, loads the policy and starts listening.
   *
   * @return the bound port
   * @throws IOException when the data directory, the database or the port cannot be used
   * @throws dev.gatehouse.policy.PolicyException when {@code policy.file} is not a valid policy
   */
  public synchronized int start() throws IOException {
    if (port >= 0) {
      throw new IllegalStateException("already started on port " + port);
    }
    try {
      port = open();
      return port;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private int open() throws IOException {
    Path dataDir = config.storage().dir();
    Files.createDirectories(dataDir);
    LivePolicy policy = new LivePolicy(config.policy().file().map(Policy::load).orElseGet(Policy::defaults));
    Database db = remember(Database.openSqlite(dataDir));
    FileBlobStore blobs = FileBlobStore.open(dataDir);
    GateStorage storage = new GateStorage(blobs, db, new ArtifactStore(db), new AnalysisStore(db, clock),
        new VerdictStore(db, config.cache().verdictCacheSize(), new LocalVerdictChanges()), new Quarantine(db, clock));
    AuditLog audit = remember(AuditLog.start(db, dataDir.resolve("audit-journal")));
    this.audit = audit;
    Tokens tokens = AdminToken.resolve(config.admin().token(), dataDir).tokens(new SqlTokenStore(db), clock);

    ExecutorCloser blocking = remember(executor(Executors.newFixedThreadPool(config.server().blockingThreads(),
        new DefaultThreadFactory("gatehouse-blocking", true))));
    UpstreamClient upstream = remember(new UpstreamClient(config.upstreams().connectTimeout(),
        config.upstreams().readTimeout(), config.upstreams().downloadTimeout(), config.upstreams().retries(), blobs::writer,
        Executors.newCachedThreadPool(new DefaultThreadFactory("gatehouse-upstream", true))));
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    FetchClaims claims = new LocalFetchClaims();
    MetadataDocuments<byte[]> mavenMetadata = MavenRegistry.metadataDocuments(claims, config.cache(), clock);
    MavenAdapter maven = new MavenAdapter(config.upstreams().maven(), upstream, mavenMetadata,
        config.cache().notFoundTtl(), config.limits().maxMetadataBytes(), () -> policy.get().minimumAge());
    ScratchSpace scratch = ScratchSpace.open(dataDir);
    NpmAdapter npm = NpmAdapter.create(config.upstreams().npm(), upstream, config.limits(), config.cache(), claims,
        scratch, () -> policy.get().newDependencyAge(), config.upstreams().readTimeout(), clock);
    PypiAdapter pypi = PypiAdapter.create(config.upstreams().pypi(), upstream, config.limits(), config.cache(), claims,
        clock);
    DecisionListener decisions = config.webhooks().isEmpty() ? DecisionListener.NONE
        : remember(new Webhooks(config.webhooks(), meters, clock));
    Gate gate = new Gate(storage, policy, decisions, new Analyzer(analysisLimits(config.limits()), scratch.directory()), upstream,
        new FetchSettings(config.server().maxConcurrentFetches(), config.limits().maxArtifactBytes()),
        List.of(maven, npm, pypi), claims, blocking, clock, meters);
    String hint = publicUrl(config.server());
    // Every registry and the admin API learn who calls, and from where, in this one place.
    Access access = new Access(tokens, config.auth().anonymous(), config.server().trustedProxies(), blocking);
    ReleaseFilter releases = new ReleaseFilter(policy, new StoredRefusals(storage.verdicts(), storage.quarantine()),
        clock, ReleaseFilter.QuarantinedReleases.valueOf(config.metadata().quarantined().name()));
    PolicyReload reload = new PolicyReload(config.policy().file(), policy, gate, storage.verdicts(), releases,
        List.of(new MavenListings(mavenMetadata), npm.heldListings(), pypi.heldListings()));
    this.policyReload = reload;
    Router router = Router.builder()
        .route(MavenRegistry.PREFIX, "maven", access.registry(MavenRegistry.create(maven, gate, storage, releases,
            mavenMetadata, audit, upstream,
            config.cache(),
            config.limits(), new ArtifactReplies(hint), blocking, clock)))
        .route(NpmRegistry.PREFIX, "npm", access.registry(NpmRegistry.create(npm, gate, storage, audit, upstream,
            releases, scratch,
            config.limits(), new ArtifactReplies(hint), "localhost:" + config.server().port(), blocking, clock)))
        .route(PypiRegistry.PREFIX, "pypi", access.registry(PypiRegistry.create(pypi, gate, storage, releases, audit,
            upstream,
            config.cache(),
            config.limits(), new ArtifactReplies(hint), blocking, clock)))
        .route(AdminApi.PREFIX, "admin", access.api(new AdminApi(tokens, storage, gate, audit, new PolicyApi(reload),
            new StatsApi(new DailyActivity(db), clock), scratch, blocking, clock), Permissions::required))
        .route(UiRoute.PREFIX, "ui", UiRoute.fromResources(clock))
        .route("/health", "health", new HealthRoute(db, blobs, blocking))
        .route("/metrics", "metrics", new MetricsRoute(meters, blocking))
        .build();
    HttpServer server = remember(new HttpServer(config.server().host(), config.server().port(),
        new HttpLimits(config.server().maxInitialLineLength(), config.server().maxHeaderSize(),
            config.server().maxRequestBodyBytes(), config.server().requestTimeout(),
            config.server().maxConnectionsPerClient()), router, meters));
    int bound = server.start();
    log.info("Gatehouse listens on {}:{}, data in {}, policy {}, Maven upstreams {}, npm upstream {}, "
        + "PyPI index {} and files {}", config.server().host(), bound, dataDir.toAbsolutePath(),
        config.policy().file().map(Path::toString).orElse("(embedded default)"),
        config.upstreams().maven().stream().map(u -> u.name() + "=" + u.url()).toList(), config.upstreams().npm().url(),
        config.upstreams().pypi().index(), config.upstreams().pypi().files());
    return bound;
  }

  /** The bound port; only after {@link #start()}. */
  public synchronized int port() {
    if (port < 0) {
      throw new IllegalStateException("not started");
    }
    return port;
  }

  /**
   * Waits until every audit event recorded before this call is stored. Each route records a request's event
   * before it answers, so after a response has arrived, this makes its event readable through the admin API.
   *
   * @throws IOException when the events cannot be stored
   */
  public void flushAudit() throws IOException {
    AuditLog log;
    synchronized (this) {
      if (audit == null) {
        throw new IllegalStateException("not started");
      }
      log = audit;
    }
    log.flush(); // outside the lock: close() must not wait for a flush that waits for a stalled database
  }

  /**
   * Reads {@code policy.file} again and puts it in force when it is valid (SIGHUP, {@code POST
   * /api/v1/policy/reload}); see {@link PolicyReload#reload()}.
   *
   * @throws dev.gatehouse.policy.PolicyException naming the file and key; the policy in force stays
   * @throws PolicyReload.NotReloadable when no {@code policy.file} is configured
   */
  public PolicyReport reloadPolicy() throws IOException {
    PolicyReload reload;
    synchronized (this) {
      if (policyReload == null) {
        throw new IllegalStateException("not started");
      }
      reload = policyReload;
    }
    return reload.reload(); // outside the lock: close() must not wait for a long re-derivation
  }

  /**
   * Reloads the policy when the process gets SIGHUP, as daemons do: {@code kill -HUP <pid>} after editing {@code
   * policy.file}. The signal is the process's, so only the server's own command installs this (one Gatehouse per
   * process); the reload runs on a thread of its own and logs what it changed, or the file and key it could not
   * read, and the policy in force stays.
   */
  public void reloadOnHangup() {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
        Thread reload = new Thread(this::reloadFromSignal, "gatehouse-policy-reload");
        reload.setDaemon(true);
        reload.start();
      });
    } catch (IllegalArgumentException unsupported) {
      log.warn("this platform has no SIGHUP; reload the policy with POST /api/v1/policy/reload");
    }
  }

  private void reloadFromSignal() {
    try {
      PolicyReport report = reloadPolicy();
      log.info("SIGHUP: policy {} in force ({} stored verdicts derived again)", report.to(), report.rederived());
    } catch (IOException | RuntimeException e) {
      // The sentence names the file and the key (PolicyException) or what else went wrong; the old policy stays.
      log.error("SIGHUP: the policy was not reloaded, the policy in force stays: {}", e.getMessage());
    }
  }

  /** Stops listening, then waits for running work, flushes the audit log and closes the database. */
  @Override
  public synchronized void close() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", opened.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    opened.clear();
  }

  private <T extends AutoCloseable> T remember(T resource) {
    opened.add(resource);
    return resource;
  }

  /** An executor as a resource: closing it lets running work finish for a bounded time. */
  private static ExecutorCloser executor(ExecutorService executor) {
    return new ExecutorCloser(executor);
  }

  private record ExecutorCloser(ExecutorService executor) implements AutoCloseable, java.util.concurrent.Executor {
    /** How long close waits for requests still being worked on. */
    private static final long DRAIN_SECONDS = 10;

    @Override
    public void execute(Runnable command) {
      executor.execute(command);
    }

    @Override
    public void close() {
      executor.shutdown();
      try {
        if (!executor.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * {@code server.publicUrl} without its final slash, else {@code http://<host>:<port>} with {@code localhost} for a
   * wildcard host: the base of the commands Gatehouse prints, never taken from a request's headers.
   */
  static String publicUrl(ServerConfig server) {
    if (server.publicUrl().isPresent()) {
      String url = server.publicUrl().get().toString();
      return url.substring(0, url.length() - 1);
    }
    String host = server.host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + server.port();
  }

  /** The analyzer's bounds, read from {@code limits.*}: the proxy and {@code gatehouse scan} use the same. */
  public static AnalysisLimits analysisLimits(LimitsConfig limits) {
    return new AnalysisLimits(limits.maxArtifactBytes(), limits.maxEntries(), limits.maxInflatedBytes(),
        limits.maxCompressionRatio(), limits.maxEntryBytes(), limits.maxNameLength(), limits.maxNestingDepth(),
        limits.maxAnalysisTime(), limits.maxClasses(), limits.maxCallDepth(), limits.maxTokensPerFile(),
        limits.maxFindings());
  }
}
