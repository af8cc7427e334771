package dev.gatehouse.core.store;

import java.io.IOException;

/**
 * Gatehouse's records (artifacts, analyses, verdicts, quarantine, approvals, audit) as one unit: the writes of one
 * decision (its analysis, the artifact, the verdict, a quarantine entry) commit together or not at all, so that no
 * reader, on this node or another, sees a verdict without its artifact or a quarantine entry without its verdict.
 * The stores ({@link ArtifactStore}, {@link AnalysisStore}, {@link VerdictStore}, the quarantine) join the unit of
 * work open on the calling thread; outside one, each of their writes is a transaction of its own. {@link Database}
 * implements it on SQLite today and on any JDBC data source (PostgreSQL) without change.
 */
public interface Catalog {

  /** Work on the records that may fail with an I/O error. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code work} as one transaction, on the calling thread: committed when it returns, rolled back when it
   * throws. A unit opened inside another joins the outer one. Work handed to another thread does not join.
   *
   * @param what what the work does, for the message when the database fails
   */
  <T> T unitOfWork(String what, Work<T> work) throws IOException;

  /**
   * Runs {@code action} once the unit of work open on this thread has committed, and never when it rolls back; at
   * once when none is open. For what must never run ahead of the database: caches, change notices.
   */
  void afterCommit(Runnable action);
}
