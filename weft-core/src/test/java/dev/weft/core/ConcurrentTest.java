package dev.weft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ConcurrentTest {
    @AfterEach
    void noTaskThreadOutlivesItsCall() {
        assertThat(RealTask.LIVE_THREADS.get()).isZero();
    }

    @Test
    void gatherReturnsResultsInTheOrderOfTheBodiesNotOfCompletion() {
        List<Object> results = Concurrent.gather(
                () -> sleepThen(80, "slow"),
                () -> sleepThen(0, "fast"),
                () -> null);
        assertThat(results).containsExactly("slow", "fast", null);
    }

    @Test
    void gatherThrowsTheFirstFailureAndCancelsTheRest() {
        AtomicInteger interrupted = new AtomicInteger();
        CountDownLatch slowStarted = new CountDownLatch(1);
        IllegalStateException boom = new IllegalStateException("boom");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Concurrent.gather(
                () -> {
                    try {
                        slowStarted.countDown();
                        return sleepThen(30_000, "never");
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw e;
                    }
                },
                () -> {
                    slowStarted.await();
                    throw boom;
                })).isSameAs(boom);
        assertThat(interrupted).hasValue(1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void raceReturnsTheFirstSuccessAndCancelsTheLosers() {
        AtomicInteger losersCancelled = new AtomicInteger();
        CountDownLatch losersStarted = new CountDownLatch(2);
        Callable<String> loser = () -> {
            try {
                losersStarted.countDown();
                return sleepThen(30_000, "loser");
            } catch (InterruptedException e) {
                losersCancelled.incrementAndGet();
                throw e;
            }
        };
        String winner = Concurrent.race(List.of(loser, () -> {
            throw new IOException("a failure does not end the race");
        }, () -> {
            losersStarted.await();
            return "winner";
        }, loser));
        assertThat(winner).isEqualTo("winner");
        assertThat(losersCancelled).hasValue(2);
    }

    @Test
    void raceWhereEveryBodyFailsKeepsEveryFailure() {
        IOException first = new IOException("first");
        IllegalStateException second = new IllegalStateException("second");
        assertThatThrownBy(() -> Concurrent.race(List.<Callable<String>>of(
                () -> {
                    Thread.sleep(40);
                    throw first;
                },
                () -> {
                    throw second;
                })))
                .isInstanceOf(AllFailed.class)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(first, second));
        assertThatThrownBy(() -> Concurrent.race(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mapKeepsInputOrderAndNeverExceedsItsConcurrency() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Integer> items = IntStream.range(0, 200).boxed().toList();
        List<Integer> squares = Concurrent.map(items, 8, i -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(i % 3);
                return i * i;
            } finally {
                inFlight.decrementAndGet();
            }
        });
        assertThat(squares).isEqualTo(items.stream().map(i -> i * i).toList());
        assertThat(peak.get()).isBetween(1, 8);
    }

    @Test
    void mapStopsAtTheFirstFailure() {
        List<Integer> started = java.util.Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> Concurrent.map(IntStream.range(0, 1000).boxed().toList(), 2, i -> {
            started.add(i);
            if (i == 3) {
                throw new IllegalArgumentException("bad item " + i);
            }
            Thread.sleep(5);
            return i;
        })).hasMessage("bad item 3");
        assertThat(started.size()).isLessThan(1000);
        assertThatThrownBy(() -> Concurrent.map(List.of(1), 0, i -> i))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThat(Concurrent.map(List.of(), 4, i -> i)).isEmpty();
    }

    @Test
    void aDeadlineAroundGatherCancelsEveryBody() {
        CountDownLatch started = new CountDownLatch(3);
        assertThatThrownBy(() -> Deadline.within(Duration.ofSeconds(2), () -> Concurrent.gather(
                IntStream.range(0, 3).<Callable<String>>mapToObj(i -> () -> {
                    started.countDown();
                    return sleepThen(30_000, "late");
                }).toList()))).isInstanceOf(DeadlineExceeded.class);
        assertThat(started.getCount()).isZero();
    }

    private static <T> T sleepThen(long millis, T value) throws InterruptedException {
        Thread.sleep(millis);
        return value;
    }
}
