package dev.weft.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves forward by hand, so that expiry, refills and cache ages are decided by the
 * test, not by waiting. Thread-safe; always UTC.
 */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    /** A clock at a fixed instant, the same in every run. */
    public MutableClock() {
        this(Instant.parse("2026-12-02T12:00:00Z"));
    }

    /** A clock at {@code start}. */
    public MutableClock(Instant start) {
        now = new AtomicReference<>(start);
    }

    /** Moves the clock forward by {@code step}. */
    public void advance(Duration step) {
        now.updateAndGet(t -> t.plus(step));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock stays in UTC");
    }
}
