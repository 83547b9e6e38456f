package dev.weft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OffloadTest {
    @AfterEach
    void noTaskThreadOutlivesItsGroup() {
        assertThat(RealTask.LIVE_THREADS.get()).isZero();
    }

    @Test
    void cpuWorkRunsOnAPlatformThreadAndReturnsItsResult() {
        Thread caller = Thread.currentThread();
        String where = Offload.cpu(() -> {
            Thread worker = Thread.currentThread();
            return worker.isVirtual() + " " + (worker == caller);
        });
        assertThat(where).isEqualTo("false false");
        assertThatThrownBy(() -> Offload.cpu(() -> {
            throw new IOException("checked");
        })).isInstanceOf(ExecutionFailed.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void cpuWorkSeesTheCallersDeadlineAndCanStopAtACheck() {
        AtomicInteger rounds = new AtomicInteger();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(500), () -> Offload.cpu(() -> {
            assertThat(Cancellation.deadline()).isPresent();
            while (true) {
                Cancellation.check();               // a CPU loop's only way to notice the deadline
                rounds.incrementAndGet();
                Thread.onSpinWait();
            }
        }))).isInstanceOf(DeadlineExceeded.class);
        assertThat(rounds.get()).isPositive();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aDedicatedPoolNeverRunsMoreThanItsThreads() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        try (Offload pool = Offload.create(2); var group = TaskGroup.open()) {
            for (int i = 0; i < 20; i++) {
                group.spawn(() -> pool.call(() -> {
                    peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    Thread.sleep(3);
                    return inFlight.decrementAndGet();
                }));
            }
            group.join();
        }
        assertThat(peak.get()).isBetween(1, 2);
        assertThatThrownBy(() -> Offload.create(0)).hasMessageContaining("0");
    }

    @Test
    void aCancelledCallerInterruptsItsWorkAndReturnsAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean workInterrupted = new AtomicBoolean();
        CountDownLatch workEnded = new CountDownLatch(1);
        try (Offload pool = Offload.create(1)) {
            try (var group = TaskGroup.open()) {
                Task<String> caller = group.spawn(() -> pool.call(() -> {
                    started.countDown();
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        workInterrupted.set(true);
                    } finally {
                        workEnded.countDown();
                    }
                    return "late";
                }));
                started.await();
                caller.cancel();
                group.join();
                assertThat(caller.state()).isEqualTo(Task.State.CANCELLED);
            }
            workEnded.await();
            assertThat(workInterrupted).isTrue();
            assertThat(pool.call(() -> "the slot came back")).isEqualTo("the slot came back");
        }
    }
}
