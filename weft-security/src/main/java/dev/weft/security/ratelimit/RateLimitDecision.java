package dev.weft.security.ratelimit;

import java.time.Duration;

/**
 * What a {@link RateLimiter} decided for one request: allowed or not, and the figures the
 * {@code RateLimit} response headers carry. Immutable.
 *
 * {@snippet :
 * RateLimitDecision d = perUser.tryAcquire(form.username());
 * if (!d.allowed()) return RateLimit.tooManyRequests(req, d);   // 429, Retry-After
 * }
 *
 * @param allowed    whether the request may go ahead (its tokens were taken)
 * @param policy     the limiter's name, which names the policy in the headers
 * @param limit      the bucket's capacity: the most requests allowed in a burst
 * @param remaining  whole tokens left after this request
 * @param window     how long an empty bucket takes to fill up again
 * @param reset      how long until the bucket is full again
 * @param retryAfter how long until this request would be allowed; zero when it was
 */
public record RateLimitDecision(boolean allowed, String policy, long limit, long remaining, Duration window,
                                Duration reset, Duration retryAfter) {
    /** Checks the figures. */
    public RateLimitDecision {
        if (limit <= 0 || remaining < 0 || remaining > limit) {
            throw new IllegalArgumentException("remaining " + remaining + " outside 0.." + limit);
        }
        if (allowed != retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter " + retryAfter + " for allowed=" + allowed);
        }
    }

    /** {@link #reset} in whole seconds, rounded up. */
    public long resetSeconds() {
        return ceilSeconds(reset);
    }

    /** {@link #retryAfter} in whole seconds, rounded up (at least 1 when refused), as {@code Retry-After} says. */
    public long retryAfterSeconds() {
        return allowed ? 0 : Math.max(1, ceilSeconds(retryAfter));
    }

    static long ceilSeconds(Duration d) {
        long seconds = d.toSeconds();
        return d.toNanosPart() > 0 ? seconds + 1 : seconds;
    }
}
