package dev.gatehouse.core.audit;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.Database;
import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of every artifact and metadata request: who fetched what, when, under which verdict.
 *
 * <p>{@link #record} writes the event to the {@link AuditJournal} (when the log has one) and queues it; one writer
 * thread ({@code gatehouse-audit-writer}) stores queued events in batches of up to {@link #MAX_BATCH}, one
 * transaction each. A batch that fails stays
 * queued and is tried again after {@link #RETRY_DELAY}, so a busy database delays the trail but never
 * loses it. {@link #flush()} waits until every event recorded before it is stored; {@link #close()}
 * flushes and stops the writer. With a journal, events still queued when the process dies are read back and stored at
 * the next {@link #start(Database, Path)} on the same journal; without one ({@link #start(Database)}) they are lost.
 * Thread-safe.
 */
public final class AuditLog implements AutoCloseable {
  /**
   * Events queued at most. Reaching it means the database has not kept up for a while; {@link #record}
   * then waits rather than drop an event from the trail.
   */
  public static final int MAX_PENDING = 10_000;
  /** Events stored in one transaction. */
  public static final int MAX_BATCH = 500;
  /** How long the writer waits before trying a failed batch again. */
  public static final Duration RETRY_DELAY = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  private final AuditTable table;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Queued> pending = new ArrayDeque<>();
  private final AuditJournal journal;
  private final Thread writer;
  private long recorded;
  private long stored;
  private long failures;
  private IOException lastFailure;
  private boolean closed;

  /** An event waiting for the database, the id it will be stored under, and the journal segment holding it. */
  record Queued(String id, AuditEvent event, long segment) {}

  private AuditLog(Database db, AuditJournal journal) {
    this.table = new AuditTable(db);
    this.journal = journal;
    this.writer = new Thread(this::writeUntilClosed, "gatehouse-audit-writer");
    writer.setDaemon(true); // a forgotten close() must not keep the JVM alive; close() is still the contract
  }

  /** Opens the audit log on {@code db} without a journal and starts its writer thread. */
  public static AuditLog start(Database db) {
    AuditLog audit = new AuditLog(requireNonNull(db, "db"), null);
    audit.writer.start();
    return audit;
  }

  /**
   * Opens the audit log on {@code db} with its journal in {@code journalDir}, queues the events an earlier process
   * journaled and may not have stored (storing one twice is harmless: it keeps its id), and starts the writer.
   */
  public static AuditLog start(Database db, Path journalDir) throws IOException {
    requireNonNull(db, "db");
    List<AuditJournal.Journaled> earlier = new ArrayList<>();
    AuditJournal journal = AuditJournal.open(requireNonNull(journalDir, "journalDir"), earlier);
    AuditLog audit = new AuditLog(db, journal);
    for (AuditJournal.Journaled e : earlier) {
      audit.pending.addLast(new Queued(e.id(), e.event(), e.segment()));
      audit.recorded++;
    }
    if (!earlier.isEmpty()) {
      log.info("storing {} audit events journaled before the last stop", earlier.size());
    }
    audit.writer.start();
    return audit;
  }

  /**
   * Writes {@code event} to the journal and queues it for the database, then returns; when {@link #MAX_PENDING}
   * events are already queued it first waits for the writer, so a slow database slows the callers and no event is
   * dropped. Call it before the response is sent: once it returns, the event survives the death of the process.
   *
   * @throws IllegalStateException after {@link #close()}
   * @throws UncheckedIOException when the journal cannot be written; the response must then not be sent as is
   */
  public void record(AuditEvent event) {
    requireNonNull(event, "event");
    String id = AuditTable.newId();
    byte[] line;
    try {
      line = journal == null ? null : journal.encode(id, event);
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode audit event " + event.requestId() + ": " + e.getMessage(), e);
    }
    lock.lock();
    try {
      while (pending.size() >= MAX_PENDING && !closed && writer.isAlive()) {
        changed.awaitUninterruptibly();
      }
      if (closed || !writer.isAlive()) {
        throw new IllegalStateException("the audit log is " + (closed ? "closed" : "stopped") + "; event "
            + event.requestId() + " was not recorded");
      }
      long segment = 0;
      if (journal != null) {
        try {
          segment = journal.append(line);
        } catch (IOException e) {
          throw new UncheckedIOException("could not write audit event " + event.requestId() + " to the journal: "
              + e.getMessage(), e);
        }
      }
      pending.addLast(new Queued(id, event, segment));
      recorded++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until every event recorded before this call is stored.
   *
   * @throws IOException when the writer fails to store them after this call began; the events stay queued
   */
  public void flush() throws IOException {
    lock.lock();
    try {
      long target = recorded;
      long failuresBefore = failures;
      while (stored < target) {
        if (failures > failuresBefore) {
          throw new IOException("audit events could not be stored: " + lastFailure.getMessage(), lastFailure);
        }
        if (!writer.isAlive()) {
          throw new IOException((target - stored) + " audit events could not be stored: the writer has stopped");
        }
        changed.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Reads stored events; events still queued are not seen, so {@link #flush()} first when that matters. */
  public AuditPage query(AuditQuery query) throws IOException {
    return table.query(requireNonNull(query, "query"));
  }

  /**
   * Who downloaded {@code name} (at {@code version}, or any version when null) between {@code from} and {@code to}
   * (either may be null): one row per version, user and client address, most recent first. Counts artifact
   * downloads answered 200 that are stored.
   */
  public List<Downloader> downloaders(Ecosystem ecosystem, String name, String version, Instant from, Instant to,
      int limit) throws IOException {
    requireNonNull(ecosystem, "ecosystem");
    requireNonNull(name, "name");
    checkLimit(limit);
    return table.downloaders(ecosystem, name, version, from, to, limit);
  }

  /**
   * What one client address (or user, when {@code client} is null) downloaded between {@code from} and {@code to}:
   * one row per package version, most recent first.
   */
  public List<Download> downloads(String client, String user, Instant from, Instant to, int limit)
      throws IOException {
    if ((client == null) == (user == null)) {
      throw new IllegalArgumentException("name either a client or a user");
    }
    checkLimit(limit);
    return table.downloads(client, user, from, to, limit);
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > AuditQuery.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + AuditQuery.MAX_LIMIT + ", was " + limit);
    }
  }

  /**
   * Stores every queued event, then stops the writer. Recording afterwards is an error.
   *
   * @throws IOException when queued events could not be stored; they are lost
   */
  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true; // finish closing first: returning early would lose the queued events
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      if (journal != null) {
        journal.close();
        if (pending.isEmpty()) {
          journal.deleteBefore(journal.segment() + 1);
        }
      }
      if (!pending.isEmpty()) {
        String cause = lastFailure == null ? "the writer stopped" : lastFailure.getMessage();
        throw new IOException(pending.size() + " audit events were not stored: " + cause, lastFailure);
      }
    } finally {
      lock.unlock();
    }
  }

  private void writeUntilClosed() {
    try {
      List<Queued> batch;
      while (!(batch = nextBatch()).isEmpty()) {
        if (!settle(batch, store(batch))) {
          return;
        }
      }
    } catch (InterruptedException e) {
      log.error("the audit writer was interrupted with {} events queued", pending.size());
    } finally {
      lock.lock();
      try {
        changed.signalAll(); // flush() and record() check whether the writer is still alive
      } finally {
        lock.unlock();
      }
    }
  }

  /** The oldest queued events, waiting for some; empty once closed with nothing left. */
  private List<Queued> nextBatch() {
    lock.lock();
    try {
      while (pending.isEmpty() && !closed) {
        changed.awaitUninterruptibly();
      }
      List<Queued> batch = new ArrayList<>(Math.min(pending.size(), MAX_BATCH));
      for (Queued event : pending) {
        if (batch.size() == MAX_BATCH) {
          break;
        }
        batch.add(event);
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Drops a stored batch from the queue, or keeps a failed one and waits {@link #RETRY_DELAY}. Returns
   * whether to go on: not after a failure once closed; close() then reports what was left.
   */
  private boolean settle(List<Queued> batch, IOException failure) throws InterruptedException {
    lock.lock();
    try {
      if (failure == null) {
        for (int i = 0; i < batch.size(); i++) {
          pending.removeFirst();
        }
        stored += batch.size();
        changed.signalAll();
        trimJournal();
        return true;
      }
      failures++;
      lastFailure = failure;
      changed.signalAll();
      if (closed) {
        log.error("could not store {} audit events while closing", pending.size(), failure);
        return false;
      }
      log.error("could not store {} audit events; {} queued, retrying in {}", batch.size(), pending.size(),
          RETRY_DELAY, failure);
      // Not woken by record(): during an outage every request would otherwise cause a retry.
      long deadline = System.nanoTime() + RETRY_DELAY.toNanos();
      long left;
      while (!closed && (left = deadline - System.nanoTime()) > 0) {
        changed.awaitNanos(left);
      }
      return true; // closed while waiting: one last try
    } finally {
      lock.unlock();
    }
  }

  /** Deletes the journal segments whose events are all stored; called under the lock, so no append runs. */
  private void trimJournal() {
    if (journal == null) {
      return;
    }
    try {
      if (journal.worthRotating(pending.isEmpty())) {
        journal.rotate();
      }
      journal.deleteBefore(pending.isEmpty() ? journal.segment() : pending.peekFirst().segment());
    } catch (IOException e) {
      // Kept segments only cost disk space and a replay of stored events, which their ids make harmless.
      log.warn("could not delete stored segments of the audit journal: {}", e.getMessage());
    }
  }

  private IOException store(List<Queued> batch) {
    try {
      table.insert(batch);
      return null;
    } catch (IOException e) {
      return e;
    } catch (RuntimeException bug) {
      return new IOException("storing audit events failed unexpectedly: " + bug, bug);
    }
  }
}
