package dev.weft.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A retry policy: bounded attempts with exponential backoff and full jitter (each pause is drawn
 * uniformly between zero and {@code min(maxDelay, initialDelay * multiplier^(attempt-1))}), retrying
 * only failures the caller's predicate calls retryable. A {@link Cancelled} is never retried. The
 * policy honours the current deadline: when the next pause would end after it, the retry gives up at
 * once instead of sleeping into a {@link DeadlineExceeded}. When it gives up, the last failure is
 * thrown (checked ones wrapped in {@link ExecutionFailed}) with the earlier ones attached as
 * suppressed. Immutable and thread-safe: one policy serves any number of concurrent calls.
 *
 * {@snippet :
 * Retry retry = Retry.builder()
 *         .maxAttempts(5)
 *         .initialDelay(Duration.ofMillis(100))
 *         .maxDelay(Duration.ofSeconds(2))
 *         .retryIf(e -> e instanceof SerializationFailure)
 *         .build();
 * retry.call(() -> pool.transaction(tx -> transfer(tx, from, to, amount)));
 * }
 */
public final class Retry {
    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final Predicate<? super Throwable> retryable;
    private final RandomGenerator random;
    private final Pauser pauser;

    /** How a retry waits between attempts; tests substitute one that records instead of sleeping. */
    interface Pauser {
        void pause(Duration delay) throws InterruptedException;
    }

    private Retry(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.multiplier = b.multiplier;
        this.retryable = b.retryable;
        this.random = b.random;
        this.pauser = b.pauser;
    }

    /** Starts a policy; {@link Builder#retryIf} is required, everything else has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Calls {@code body} until it succeeds, fails with something not retryable, or attempts run out. */
    public <T> T call(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        List<Throwable> failures = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Cancellation.check();
            try {
                return body.call();
            } catch (Throwable t) {
                failures.add(t);
                if (t instanceof Cancelled || t instanceof InterruptedException || t instanceof Error
                        || !retryable.test(t)) {
                    throw giveUp(failures, null);
                }
            }
            if (attempt >= maxAttempts) {
                throw giveUp(failures, null);
            }
            Duration pause = pauseBefore(attempt + 1);
            Optional<Duration> left = Cancellation.remaining();
            if (left.isPresent() && left.get().compareTo(pause) <= 0) {
                throw giveUp(failures, null);
            }
            try {
                pauser.pause(pause);
            } catch (InterruptedException e) {
                throw giveUp(failures, Scope.interrupted(e));
            }
        }
    }

    /**
     * The exception that ends a retry: {@code cancelled} if the pause was cancelled, else the last
     * failure; every other failure is attached to it as suppressed (once, even if a body threw the same
     * instance twice).
     */
    private static RuntimeException giveUp(List<Throwable> failures, Cancelled cancelled) {
        Throwable last = failures.getLast();
        Throwable thrown = cancelled != null ? cancelled
                : last instanceof InterruptedException e ? Scope.interrupted(e) : Scope.unchecked(last);
        Set<Throwable> attached = Collections.newSetFromMap(new IdentityHashMap<>());
        attached.add(thrown);
        for (Throwable failure : failures) {
            if (attached.add(failure) && !(failure == last && thrown.getCause() == last)) {
                thrown.addSuppressed(failure);
            }
        }
        return Scope.rethrow(thrown);
    }

    /** Runs a body that returns nothing under this policy; see {@link #call(Callable)}. */
    public void run(CheckedRunnable body) {
        call(ScopedCall.callable(body));
    }

    /** The pause before attempt {@code attempt} (2 or more): full jitter over the capped exponential. */
    Duration pauseBefore(int attempt) {
        double ceiling = initialDelay.toNanos() * Math.pow(multiplier, attempt - 2);
        long capNanos = (long) Math.min(ceiling, (double) maxDelay.toNanos());
        return capNanos <= 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(capNanos + 1));
    }

    @Override
    public String toString() {
        return "Retry[maxAttempts=" + maxAttempts + ", initialDelay=" + initialDelay + ", maxDelay=" + maxDelay
                + ", multiplier=" + multiplier + "]";
    }

    /**
     * Configures a {@link Retry}; not thread-safe, use it from one thread and then discard it.
     *
     * {@snippet :
     * Retry retry = Retry.builder().maxAttempts(4).retryIf(e -> e instanceof IOException).build();
     * }
     */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialDelay = Duration.ofMillis(100);
        private Duration maxDelay = Duration.ofSeconds(10);
        private double multiplier = 2.0;
        private Predicate<? super Throwable> retryable;
        private RandomGenerator random = ThreadLocalRandom.current();
        private Pauser pauser = delay -> Thread.sleep(delay);

        private Builder() {
        }

        /** Total attempts including the first; default 3. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The cap of the first pause; default 100 ms. */
        public Builder initialDelay(Duration initialDelay) {
            Objects.requireNonNull(initialDelay, "initialDelay");
            if (initialDelay.isNegative()) {
                throw new IllegalArgumentException("initialDelay < 0: " + initialDelay);
            }
            this.initialDelay = initialDelay;
            return this;
        }

        /** The cap of every pause; default 10 s. */
        public Builder maxDelay(Duration maxDelay) {
            Objects.requireNonNull(maxDelay, "maxDelay");
            if (maxDelay.isNegative()) {
                throw new IllegalArgumentException("maxDelay < 0: " + maxDelay);
            }
            this.maxDelay = maxDelay;
            return this;
        }

        /** The growth of the pause cap per attempt; default 2. */
        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("multiplier must be finite and >= 1: " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        /** Which failures are worth another attempt (required); the exception as the body threw it. */
        public Builder retryIf(Predicate<? super Throwable> retryable) {
            this.retryable = Objects.requireNonNull(retryable, "retryable");
            return this;
        }

        /** The random source of the jitter; default {@link ThreadLocalRandom}. Seed one for repeatable pauses. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        Builder pauser(Pauser pauser) {
            this.pauser = Objects.requireNonNull(pauser, "pauser");
            return this;
        }

        /**
         * Builds the policy.
         *
         * @throws IllegalStateException when {@link #retryIf} was not called
         */
        public Retry build() {
            if (retryable == null) {
                throw new IllegalStateException("retryIf(predicate) is required: say which failures are retryable");
            }
            return new Retry(this);
        }
    }
}
