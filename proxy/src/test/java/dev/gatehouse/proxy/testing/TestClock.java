package dev.gatehouse.proxy.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock of the tests: it stands still until the test {@link #advance moves} it, so TTLs and the
 * cooldown are tested without waiting, or, made {@link #ticking}, moves by a fixed step each time it is read,
 * so that order in time is explicit. Thread-safe.
 */
public final class TestClock extends Clock {
  private final AtomicReference<Instant> now;
  private final Duration step;

  private TestClock(Instant start, Duration step) {
    this.now = new AtomicReference<>(start);
    this.step = step;
  }

  /** A clock that reads {@code start} until it is advanced. */
  public static TestClock at(Instant start) {
    return new TestClock(start, Duration.ZERO);
  }

  /** A clock that reads {@code start} first and {@code step} later at every further reading. */
  public static TestClock ticking(Instant start, Duration step) {
    return new TestClock(start, step);
  }

  public void advance(Duration by) {
    now.updateAndGet(t -> t.plus(by));
  }

  @Override
  public Instant instant() {
    return now.getAndUpdate(t -> t.plus(step));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("tests use UTC");
  }
}
