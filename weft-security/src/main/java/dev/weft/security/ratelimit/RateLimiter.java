package dev.weft.security.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A token-bucket rate limit: each key (a client address, an API key, a user name...) has a bucket of
 * {@code capacity} tokens that refills continuously at {@code refill} tokens per period; a request
 * takes a token, and is refused when none is left. So a client may burst up to the capacity, then go
 * on at the refill rate. Buckets live in a {@link BucketStore}, in memory by default. Immutable and
 * thread-safe; {@link #tryAcquire} blocks only with a PostgreSQL store (one statement).
 *
 * {@snippet :
 * RateLimiter logins = RateLimiter.builder("login")
 *         .capacity(5).refill(5, Duration.ofMinutes(15))   // 5 tries, then one every 3 minutes
 *         .build();
 * app.post("/login", req -> {
 *     var form = req.form();
 *     for (String key : List.of("user:" + form.get("username").getFirst(), "ip:" + RateLimit.clientKey(req))) {
 *         RateLimitDecision d = logins.tryAcquire(key);
 *         if (!d.allowed()) return RateLimit.tooManyRequests(req, d);
 *     }
 *     return checkPassword(form);
 * });
 * }
 */
public final class RateLimiter {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]{1,64}");
    private static final int MAX_KEY_LENGTH = 128;
    private static final Duration MAX_WINDOW = Duration.ofDays(3650);

    private final String name;
    private final long capacity;
    private final double ratePerSecond;
    private final Duration window;
    private final BucketStore store;

    private RateLimiter(Builder b, BucketStore store) {
        this.name = b.name;
        this.capacity = b.capacity;
        this.ratePerSecond = b.refillTokens / (b.refillPeriod.toNanos() / 1e9);
        this.window = seconds(capacity / ratePerSecond);
        this.store = store;
    }

    /**
     * A builder for a limiter named {@code name} (lower-case letters, digits, {@code _.-}; at most 64):
     * the name tells its buckets apart from other limiters' in a shared store and names the policy in
     * the {@code RateLimit} headers.
     */
    public static Builder builder(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("limiter name must be 1-64 of [a-z0-9_.-]: " + name);
        }
        return new Builder(name);
    }

    /** Takes one token from {@code key}'s bucket if it has one. Keys longer than 128 characters are stored as their SHA-256. */
    public RateLimitDecision tryAcquire(String key) {
        return tryAcquire(key, 1);
    }

    /**
     * Takes {@code cost} tokens from {@code key}'s bucket if it has that many (an expensive request may
     * cost more than one); when it has not, nothing is taken.
     *
     * @throws IllegalArgumentException when {@code cost} is not from 1 to the capacity
     */
    public RateLimitDecision tryAcquire(String key, long cost) {
        Objects.requireNonNull(key, "key");
        if (cost < 1 || cost > capacity) {
            throw new IllegalArgumentException("cost must be from 1 to the capacity " + capacity + ": " + cost);
        }
        BucketStore.Take take = store.take(name + ":" + bounded(key), capacity, ratePerSecond, cost);
        double tokens = Math.max(0, Math.min(capacity, take.tokens()));
        return new RateLimitDecision(take.taken(), name, capacity, (long) Math.floor(tokens), window,
                seconds((capacity - tokens) / ratePerSecond),
                // A PostgreSQL bucket may refill between the refusal and the read for the headers: a refusal
                // still tells the client to wait, if only the least time there is.
                take.taken() ? Duration.ZERO : seconds(Math.max((cost - tokens) / ratePerSecond, 1e-9)));
    }

    /** {@code key}, or its SHA-256 when it is long: a client-chosen key (a header) must not fill the store's memory. */
    private static String bounded(String key) {
        if (key.length() <= MAX_KEY_LENGTH) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The limiter's name. */
    public String name() {
        return name;
    }

    /** The bucket's capacity: the largest burst. */
    public long capacity() {
        return capacity;
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos((long) Math.ceil(seconds * 1e9));
    }

    @Override
    public String toString() {
        return "RateLimiter[" + name + ": " + capacity + " burst, " + ratePerSecond + "/s]";
    }

    /** Settings for a {@link RateLimiter}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private long capacity = 60;
        private long refillTokens = 60;
        private Duration refillPeriod = Duration.ofMinutes(1);
        private BucketStore store;

        private Builder(String name) {
            this.name = name;
        }

        /** The most tokens a bucket holds, hence the largest burst (default 60). */
        public Builder capacity(long tokens) {
            if (tokens < 1 || tokens > 1_000_000_000L) {
                throw new IllegalArgumentException("capacity must be from 1 to 1e9: " + tokens);
            }
            capacity = tokens;
            return this;
        }

        /** Buckets regain {@code tokens} tokens every {@code period}, continuously (default 60 per minute). */
        public Builder refill(long tokens, Duration period) {
            if (tokens < 1 || tokens > 1_000_000_000L) {
                throw new IllegalArgumentException("refill tokens must be from 1 to 1e9: " + tokens);
            }
            if (period == null || period.compareTo(Duration.ofMillis(1)) < 0 || period.compareTo(Duration.ofDays(366)) > 0) {
                throw new IllegalArgumentException("refill period must be from 1 ms to 366 days: " + period);
            }
            refillTokens = tokens;
            refillPeriod = period;
            return this;
        }

        /** Where the buckets live (default: a new {@link BucketStore#inMemory()} store for this limiter). */
        public Builder store(BucketStore value) {
            store = Objects.requireNonNull(value, "store");
            return this;
        }

        /**
         * The limiter.
         *
         * @throws IllegalArgumentException when an empty bucket would take more than ten years to fill
         */
        public RateLimiter build() {
            // An empty bucket must fill up within ten years, which keeps every duration (and PostgreSQL interval) in range.
            if ((double) capacity * refillPeriod.toSeconds() / refillTokens > MAX_WINDOW.toSeconds()) {
                throw new IllegalArgumentException("capacity " + capacity + " at " + refillTokens + " per " + refillPeriod
                        + " takes more than " + MAX_WINDOW.toDays() + " days to refill");
            }
            return new RateLimiter(this, store != null ? store : BucketStore.inMemory());
        }
    }
}
