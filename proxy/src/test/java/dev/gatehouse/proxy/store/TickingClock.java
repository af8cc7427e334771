package dev.gatehouse.proxy.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves forward by a fixed step each time it is read, so that order in time is explicit. */
public final class TickingClock extends Clock {
  private final AtomicReference<Instant> next;
  private final Duration step;

  public TickingClock(Instant start, Duration step) {
    this.next = new AtomicReference<>(start);
    this.step = step;
  }

  @Override
  public Instant instant() {
    return next.getAndUpdate(now -> now.plus(step));
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
