package dev.gatehouse.proxy;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.LimitsConfig;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.gate.FetchSettings;
import dev.gatehouse.core.gate.Gate;
import dev.gatehouse.core.gate.GateStorage;
import dev.gatehouse.core.metadata.ReleaseFilter;
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
import dev.gatehouse.proxy.admin.AdminApi;
import dev.gatehouse.proxy.admin.AdminToken;
import dev.gatehouse.proxy.http.HttpLimits;
import dev.gatehouse.proxy.http.HttpServer;
import dev.gatehouse.proxy.http.Router;
import dev.gatehouse.proxy.maven.MavenAdapter;
import dev.gatehouse.proxy.maven.MavenRegistry;
import dev.gatehouse.proxy.monitoring.HealthRoute;
import dev.gatehouse.proxy.monitoring.MetricsRoute;
import dev.gatehouse.proxy.npm.NpmAdapter;
import dev.gatehouse.proxy.npm.NpmRegistry;
import dev.gatehouse.proxy.pypi.PypiAdapter;
import dev.gatehouse.proxy.pypi.PypiRegistry;
import dev.gatehouse.proxy.registry.ArtifactReplies;
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
    Policy policy = config.policy().file().map(Policy::load).orElseGet(Policy::defaults);
    Database db = remember(Database.openSqlite(dataDir));
    FileBlobStore blobs = FileBlobStore.open(dataDir);
    GateStorage storage = new GateStorage(blobs, db, new ArtifactStore(db), new AnalysisStore(db, clock),
        new VerdictStore(db, config.cache().verdictCacheSize(), new LocalVerdictChanges()), new Quarantine(db, clock));
    AuditLog audit = remember(AuditLog.start(db, dataDir.resolve("audit-journal")));
    this.audit = audit;
    AdminToken token = AdminToken.resolve(config.admin().token(), dataDir);

    ExecutorCloser blocking = remember(executor(Executors.newFixedThreadPool(config.server().blockingThreads(),
        new DefaultThreadFactory("gatehouse-blocking", true))));
    UpstreamClient upstream = remember(new UpstreamClient(config.upstreams().connectTimeout(),
        config.upstreams().readTimeout(), config.upstreams().retries(), blobs::writer,
        Executors.newCachedThreadPool(new DefaultThreadFactory("gatehouse-upstream", true))));
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    MavenAdapter maven = new MavenAdapter(config.upstreams().maven(), upstream);
    FetchClaims claims = new LocalFetchClaims();
    ScratchSpace scratch = ScratchSpace.open(dataDir);
    NpmAdapter npm = NpmAdapter.create(config.upstreams().npm(), upstream, config.limits(), config.cache(), claims,
        scratch, policy.newDependencyAge(), config.upstreams().readTimeout(), clock);
    PypiAdapter pypi = PypiAdapter.create(config.upstreams().pypi(), upstream, config.limits(), config.cache(), claims,
        clock);
    Gate gate = new Gate(storage, policy, new Analyzer(analysisLimits(config.limits()), scratch.directory()), upstream,
        new FetchSettings(config.server().maxConcurrentFetches(), config.limits().maxArtifactBytes()),
        List.of(maven, npm, pypi), claims, blocking, clock, meters);
    String hint = "http://localhost:" + config.server().port();
    ReleaseFilter releases = new ReleaseFilter(policy, storage.verdicts()::refused, clock);
    Router router = Router.builder()
        .route(MavenRegistry.PREFIX, "maven", MavenRegistry.create(maven, gate, storage, releases, claims, audit, upstream,
            config.cache(),
            config.limits(), new ArtifactReplies(hint), blocking, clock))
        .route(NpmRegistry.PREFIX, "npm", NpmRegistry.create(npm, gate, storage, audit, upstream, releases, scratch,
            config.limits(), new ArtifactReplies(hint), "localhost:" + config.server().port(), blocking, clock))
        .route(PypiRegistry.PREFIX, "pypi", PypiRegistry.create(pypi, gate, storage, releases, audit, upstream,
            config.cache(),
            config.limits(), new ArtifactReplies(hint), blocking, clock))
        .route(AdminApi.PREFIX, "admin", new AdminApi(token, storage, gate, audit, blocking, clock))
        .route("/health", "health", new HealthRoute(db, blobs, blocking))
        .route("/metrics", "metrics", new MetricsRoute(meters, blocking))
        .build();
    HttpServer server = remember(new HttpServer(config.server().host(), config.server().port(),
        new HttpLimits(config.server().maxInitialLineLength(), config.server().maxHeaderSize(),
            config.server().maxRequestBodyBytes()), router, meters));
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

  /** The analyzer's bounds, read from {@code limits.*}: the proxy and {@code gatehouse scan} use the same. */
  public static AnalysisLimits analysisLimits(LimitsConfig limits) {
    return new AnalysisLimits(limits.maxArtifactBytes(), limits.maxEntries(), limits.maxInflatedBytes(),
        limits.maxCompressionRatio(), limits.maxEntryBytes(), limits.maxNameLength(), limits.maxNestingDepth(),
        limits.maxAnalysisTime(), limits.maxClasses(), limits.maxCallDepth(), limits.maxTokensPerFile(),
        limits.maxFindings());
  }
}
