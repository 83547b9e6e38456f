package dev.weft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RetryTest {
    private final List<Duration> pauses = new ArrayList<>();

    private Retry.Builder recording() {
        return Retry.builder().pauser(pauses::add).random(new SplittableRandom(7));
    }

    @Test
    void retriesRetryableFailuresUntilSuccess() {
        AtomicInteger attempts = new AtomicInteger();
        Retry retry = recording().maxAttempts(5).retryIf(e -> e instanceof IOException).build();
        String result = retry.call(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IOException("flaky " + attempts.get());
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
        assertThat(pauses).hasSize(2);
    }

    @Test
    void pausesUseFullJitterUnderACappedExponential() {
        Retry retry = recording().maxAttempts(8).initialDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofMillis(500)).retryIf(e -> true).build();
        assertThatThrownBy(() -> retry.run(() -> {
            throw new IOException("always");
        })).isInstanceOf(ExecutionFailed.class);
        assertThat(pauses).hasSize(7);
        long[] caps = {100, 200, 400, 500, 500, 500, 500};
        for (int i = 0; i < caps.length; i++) {
            assertThat(pauses.get(i)).isBetween(Duration.ZERO, Duration.ofMillis(caps[i]));
        }
        assertThat(pauses.stream().distinct().count()).as("jittered, not constant").isGreaterThan(1);
    }

    @Test
    void givingUpThrowsTheLastFailureWithTheEarlierOnesSuppressed() {
        AtomicInteger attempts = new AtomicInteger();
        Retry retry = recording().maxAttempts(3).retryIf(e -> e instanceof IllegalStateException).build();
        assertThatThrownBy(() -> retry.run(() -> {
            throw new IllegalStateException("attempt " + attempts.incrementAndGet());
        })).hasMessage("attempt 3").satisfies(e -> assertThat(e.getSuppressed())
                .extracting(Throwable::getMessage).containsExactly("attempt 1", "attempt 2"));
    }

    @Test
    void aFailureThePredicateRejectsIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        Retry retry = recording().maxAttempts(5).retryIf(e -> e instanceof IOException).build();
        assertThatThrownBy(() -> retry.run(() -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("bad input");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(attempts).hasValue(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aPauseThatWouldOutliveTheDeadlineEndsTheRetryAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        Retry retry = Retry.builder().maxAttempts(10).initialDelay(Duration.ofSeconds(20))
                .maxDelay(Duration.ofSeconds(20)).random(new FixedMax()).retryIf(e -> true).build();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Deadline.within(Duration.ofSeconds(5), () -> retry.call(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("down");
        }))).hasMessage("down");
        assertThat(attempts).hasValue(1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void realPausesAreShortAndACancelledPauseEndsTheRetry() {
        AtomicInteger attempts = new AtomicInteger();
        Retry quick = Retry.builder().maxAttempts(4).initialDelay(Duration.ofMillis(5)).retryIf(e -> true).build();
        assertThat(quick.call(() -> attempts.incrementAndGet() < 4 ? fail() : "fourth time")).isEqualTo("fourth time");
        Retry slow = Retry.builder().maxAttempts(3).initialDelay(Duration.ofSeconds(30))
                .random(new FixedMax()).retryIf(e -> true).build();
        var failedOnce = new CountDownLatch(1);
        try (var group = TaskGroup.open()) {
            Task<String> retrying = group.spawn(() -> slow.call(() -> {
                failedOnce.countDown();
                return fail();
            }));
            failedOnce.await(); // the 30 s pause follows this first failure: the cancel reaches it or its start
            retrying.cancel();
            group.join();
            assertThat(retrying.state()).isEqualTo(Task.State.CANCELLED);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void misconfigurationIsRejectedWithTheValue() {
        assertThatThrownBy(() -> Retry.builder().build()).hasMessageContaining("retryIf");
        assertThatThrownBy(() -> Retry.builder().maxAttempts(0)).hasMessageContaining("0");
        assertThatThrownBy(() -> Retry.builder().multiplier(0.5)).hasMessageContaining("0.5");
        assertThatThrownBy(() -> Retry.builder().initialDelay(Duration.ofMillis(-1))).hasMessageContaining("-");
    }

    private static String fail() {
        throw new IllegalStateException("not yet");
    }

    /** Always draws the top of the range, so the pause equals its cap. */
    private static final class FixedMax implements java.util.random.RandomGenerator {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    }
}
