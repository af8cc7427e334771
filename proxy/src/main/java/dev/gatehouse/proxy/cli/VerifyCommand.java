package dev.gatehouse.proxy.cli;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.core.gate.StoreVerification;
import dev.gatehouse.core.store.ArtifactStore;
import dev.gatehouse.core.store.Database;
import dev.gatehouse.core.store.FileBlobStore;
import dev.gatehouse.core.store.KnownArtifact;
import dev.gatehouse.core.store.LocalVerdictChanges;
import dev.gatehouse.core.store.VerdictStore;
import dev.gatehouse.core.upstream.UpstreamClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse verify}: checks the data directory's store ({@link StoreVerification}) and, with
 * {@code --repair}, repairs it. Safe beside a running server: it reads the database as another client and only
 * ever moves a blob that fails its digest aside or commits a refetched one that passes it. Exit status: 0 when
 * the store is sound (or was repaired), 1 when a problem remains, 2 for a configuration that cannot be used.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check that every stored blob matches its digest and every served artifact has its blob; "
        + "--repair moves corrupt blobs aside and fetches missing ones again, verified against the recorded digest.")
public final class VerifyCommand implements Callable<Integer> {
  static final int PROBLEMS = 1;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "gatehouse.yml, for the data directory and upstreams.")
  Path config;

  @Option(names = "--repair", description = "Repair what can be repaired instead of only reporting it.")
  boolean repair;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GatehouseConfig loaded;
    try {
      loaded = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
    } catch (ConfigException e) {
      err.println("gatehouse: " + e.getMessage());
      return GatehouseCommand.EXIT_CONFIG;
    }
    Path dataDir = loaded.storage().dir();
    if (!Files.isDirectory(dataDir)) {
      err.println("gatehouse: no data directory at " + dataDir + " (storage.dir, GATEHOUSE_DATA_DIR)");
      return GatehouseCommand.EXIT_CONFIG;
    }
    ExecutorService threads = Executors.newCachedThreadPool();
    try (Database db = Database.openSqlite(dataDir)) {
      FileBlobStore blobs = FileBlobStore.open(dataDir);
      try (UpstreamClient upstream = new UpstreamClient(loaded.upstreams().connectTimeout(),
          loaded.upstreams().readTimeout(), loaded.upstreams().downloadTimeout(), loaded.upstreams().retries(), blobs::writer, threads)) {
        StoreVerification.Report report = new StoreVerification(blobs, new ArtifactStore(db),
            new VerdictStore(db, 1_000, new LocalVerdictChanges()), upstream,
            new UpstreamClient.SizeLimit(loaded.limits().maxArtifactBytes(), "limits.maxArtifactBytes")).run(repair);
        print(out, report);
        return report.sound() ? 0 : PROBLEMS;
      }
    } catch (IOException e) {
      err.println("gatehouse: " + e.getMessage());
      return PROBLEMS;
    } finally {
      threads.shutdownNow();
    }
  }

  private static void print(PrintWriter out, StoreVerification.Report report) {
    out.printf("checked %d blobs and %d artifacts%n", report.blobsChecked(), report.artifactsChecked());
    for (String sha256 : report.corrupt()) {
      out.printf("corrupt blob %s: its bytes hash otherwise%s%n", sha256, report.repaired() ? "; moved to removed/" : "");
    }
    for (KnownArtifact artifact : report.missing()) {
      out.printf("missing blob of %s (%s), sha256 %s%n", artifact.ref().coordinates(), artifact.ref().file(),
          artifact.sha256());
    }
    for (KnownArtifact artifact : report.refetched()) {
      out.printf("fetched again and verified: %s (%s)%n", artifact.ref().coordinates(), artifact.ref().file());
    }
    for (String failure : report.unrepaired()) {
      out.printf("not repaired: %s%n", failure);
    }
    if (!report.stray().isEmpty()) {
      out.printf("%d blob(s) belong to no artifact (harmless; the gate never reaches them)%n", report.stray().size());
    }
    if (!report.sound()) {
      out.println("problems remain" + (report.repaired() ? "" : "; run again with --repair"));
    } else if (report.corrupt().isEmpty() && report.missing().isEmpty()) {
      out.println("the store is sound");
    } else {
      out.println("the store is repaired");
    }
  }
}
