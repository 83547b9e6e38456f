package dev.weft.security.ratelimit;

import java.time.Clock;

/**
 * Where token buckets live: in this process ({@link #inMemory}) or in PostgreSQL, shared by every
 * instance of a service ({@link PgBucketStore}). One store may serve several {@link RateLimiter}s;
 * each keeps its buckets apart by its name. Thread-safe.
 *
 * {@snippet :
 * BucketStore local = BucketStore.inMemory();                 // at most 100,000 keys
 * BucketStore shared = PgBucketStore.builder(pool).build(); // one bucket per key for all instances
 * }
 */
public abstract sealed class BucketStore permits MemoryBucketStore, PgBucketStore {
    /** The default bound on the keys an in-memory store holds. */
    public static final int DEFAULT_MAX_KEYS = 100_000;

    BucketStore() {
    }

    /** An in-memory store of at most {@value #DEFAULT_MAX_KEYS} keys, on the system clock. */
    public static BucketStore inMemory() {
        return inMemory(DEFAULT_MAX_KEYS, Clock.systemUTC());
    }

    /**
     * An in-memory store of at most {@code maxKeys} keys, refilling by {@code clock}. Past the bound it
     * forgets first the buckets that have filled up again (which is no loss: a full bucket is a fresh
     * one), then the ones idle longest, down to nine tenths of the bound.
     *
     * @throws IllegalArgumentException when {@code maxKeys} is not positive
     */
    public static BucketStore inMemory(int maxKeys, Clock clock) {
        return new MemoryBucketStore(maxKeys, clock);
    }

    /**
     * Refills bucket {@code key} of a bucket holding at most {@code capacity} tokens refilled at
     * {@code ratePerSecond}, and takes {@code cost} tokens from it if it holds that many, atomically.
     * A key never seen starts full.
     */
    abstract Take take(String key, double capacity, double ratePerSecond, long cost);

    /** The outcome of one {@link #take}: whether the tokens were taken, and the tokens left. */
    record Take(boolean taken, double tokens) {
    }
}
