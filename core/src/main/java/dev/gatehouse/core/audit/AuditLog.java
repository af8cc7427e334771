package dev.gatehouse.core.audit;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.Database;
import java.io.IOException;
import java.time.Duration;
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
 * <p>{@link #record} only queues the event; one writer thread ({@code gatehouse-audit-writer}) stores
 * queued events in batches of up to {@link #MAX_BATCH}, one transaction each. A batch that fails stays
 * queued and is tried again after {@link #RETRY_DELAY}, so a busy database delays the trail but never
 * loses it. {@link #flush()} waits until every event recorded before it is stored; {@link #close()}
 * flushes and stops the writer. Events still queued when the process dies are lost: call {@code close()}
 * on shutdown. Thread-safe.
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
  private final ArrayDeque<AuditEvent> pending = new ArrayDeque<>();
  private final Thread writer;
  private long recorded;
  private long stored;
  private long failures;
  private IOException lastFailure;
  private boolean closed;

  private AuditLog(Database db) {
    this.table = new AuditTable(db);
    this.writer = new Thread(this::writeUntilClosed, "gatehouse-audit-writer");
    writer.setDaemon(true); // a forgotten close() must not keep the JVM alive; close() is still the contract
  }

  /** Opens the audit log on {@code db} and starts its writer thread. */
  public static AuditLog start(Database db) {
    AuditLog audit = new AuditLog(requireNonNull(db, "db"));
    audit.writer.start();
    return audit;
  }

  /**
   * Queues {@code event} for storage and returns at once, unless {@link #MAX_PENDING} events are already
   * queued; then it waits for the writer.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public void record(AuditEvent event) {
    requireNonNull(event, "event");
    lock.lock();
    try {
      while (pending.size() >= MAX_PENDING && !closed && writer.isAlive()) {
        changed.awaitUninterruptibly();
      }
      if (closed || !writer.isAlive()) {
        throw new IllegalStateException("the audit log is " + (closed ? "closed" : "stopped") + "; event "
            + event.requestId() + " was not recorded");
      }
      pending.addLast(event);
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
      List<AuditEvent> batch;
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
  private List<AuditEvent> nextBatch() {
    lock.lock();
    try {
      while (pending.isEmpty() && !closed) {
        changed.awaitUninterruptibly();
      }
      List<AuditEvent> batch = new ArrayList<>(Math.min(pending.size(), MAX_BATCH));
      for (AuditEvent event : pending) {
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
  private boolean settle(List<AuditEvent> batch, IOException failure) throws InterruptedException {
    lock.lock();
    try {
      if (failure == null) {
        for (int i = 0; i < batch.size(); i++) {
          pending.removeFirst();
        }
        stored += batch.size();
        changed.signalAll();
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

  private IOException store(List<AuditEvent> batch) {
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
