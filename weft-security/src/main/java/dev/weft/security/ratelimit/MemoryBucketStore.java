package dev.weft.security.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Token buckets in a {@link ConcurrentHashMap}: each take is one atomic {@code compute} on its key (the
 * map locks per bin, so keys do not contend), and the map never holds much more than {@code maxKeys}
 * keys: the thread that finds it over the bound trims it, while others go on.
 */
final class MemoryBucketStore extends BucketStore {
    private final int maxKeys;
    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ReentrantLock trimming = new ReentrantLock();

    /** A bucket's state: tokens at {@code updated}, and when it will be full again (both in clock nanoseconds). */
    private record Bucket(double tokens, long updated, long fullAt) {
    }

    MemoryBucketStore(int maxKeys, Clock clock) {
        if (maxKeys <= 0) {
            throw new IllegalArgumentException("maxKeys <= 0: " + maxKeys);
        }
        this.maxKeys = maxKeys;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    Take take(String key, double capacity, double ratePerSecond, long cost) {
        long now = nanos(clock.instant());
        boolean[] taken = new boolean[1];
        Bucket after = buckets.compute(key, (k, before) -> {
            double tokens = before == null ? capacity
                    : Math.min(capacity, before.tokens + Math.max(0, now - before.updated) / 1e9 * ratePerSecond);
            long updated = before == null ? now : Math.max(before.updated, now);
            taken[0] = tokens >= cost;
            double left = taken[0] ? tokens - cost : tokens;
            return new Bucket(left, updated, updated + (long) Math.ceil((capacity - left) / ratePerSecond * 1e9));
        });
        if (buckets.size() > maxKeys) {
            trim(now);
        }
        return new Take(taken[0], after.tokens);
    }

    /** Forgets full buckets, then the longest idle, down to nine tenths of the bound; one trimmer at a time. */
    private void trim(long now) {
        if (!trimming.tryLock()) {
            return;
        }
        try {
            buckets.values().removeIf(b -> b.fullAt <= now);
            int excess = buckets.size() - maxKeys * 9 / 10;
            if (excess > 0) {
                buckets.entrySet().stream()
                        .sorted(Comparator.comparingLong(e -> e.getValue().updated))
                        .limit(excess)
                        .map(Map.Entry::getKey)
                        .toList()
                        .forEach(buckets::remove);
            }
        } finally {
            trimming.unlock();
        }
    }

    /** How many keys the store holds now. */
    int size() {
        return buckets.size();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
