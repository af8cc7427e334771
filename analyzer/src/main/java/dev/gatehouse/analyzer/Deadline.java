package dev.gatehouse.analyzer;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The moment an analysis must stop ({@link AnalysisLimits#maxAnalysisTime()}). Analyzers ask {@link
 * #passed()} between entries and between classes; what is not reached in time becomes an {@link
 * ArchiveProblem#ANALYSIS_LIMIT} finding, never a clean result.
 */
public final class Deadline {
  private final LongSupplier nanoTicker;
  private final long endNanos;

  private Deadline(LongSupplier nanoTicker, Duration budget) {
    this.nanoTicker = nanoTicker;
    this.endNanos = nanoTicker.getAsLong() + budget.toNanos();
  }

  public static Deadline after(Duration budget) {
    return new Deadline(System::nanoTime, budget);
  }

  /** A deadline measured on {@code nanoTicker}, for tests that must not wait on a real clock. */
  public static Deadline after(Duration budget, LongSupplier nanoTicker) {
    return new Deadline(nanoTicker, budget);
  }

  public boolean passed() {
    return nanoTicker.getAsLong() - endNanos > 0;
  }
}
