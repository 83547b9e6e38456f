package dev.weft.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many short deadlines and cancellations that land at random points: whatever the timing, a scope
 * ends promptly, never leaves an interrupt behind for the code after it, and never leaks a thread.
 */
@Timeout(120)
class RaceConditionsTest {
    @Test
    void deadlinesLandingAnywhereLeaveNoInterruptBehind() {
        int expired = 0;
        for (int i = 0; i < 500; i++) {
            long micros = ThreadLocalRandom.current().nextLong(0, 1_500);
            boolean completed = Deadline.moveOnAfter(Duration.ofNanos(micros * 1_000), () -> {
                Deadline.moveOnAfter(Duration.ofNanos(micros * 700), () -> spinFor(micros / 2));
                CancelScope.shielded(() -> spinFor(50));
                Event.create().await();
            });
            expired += completed ? 0 : 1;
            assertThat(Thread.currentThread().isInterrupted()).as("iteration %d", i).isFalse();
        }
        assertThat(expired).isEqualTo(500);
    }

    @Test
    void cancellingTasksAtAnyPointLeavesNoThreadBehind() {
        AtomicInteger outcomes = new AtomicInteger();
        for (int round = 0; round < 50; round++) {
            try (var group = TaskGroup.open()) {
                Channel<Integer> channel = Channel.create(4);
                Task<?>[] tasks = new Task<?>[20];
                for (int i = 0; i < tasks.length; i++) {
                    int n = i;
                    tasks[i] = group.spawn(() -> {
                        if (n % 2 == 0) {
                            channel.send(n);
                        } else {
                            channel.receive();
                        }
                        Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                        return n;
                    });
                }
                for (Task<?> task : tasks) {
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        task.cancel();
                    }
                }
                group.cancel();
                group.join();
                for (Task<?> task : tasks) {
                    assertThat(task.state()).isIn(Task.State.SUCCEEDED, Task.State.CANCELLED);
                    outcomes.incrementAndGet();
                }
            }
            assertThat(RealTask.LIVE_THREADS.get()).isZero();
        }
        assertThat(outcomes).hasValue(50 * 20);
    }

    private static void spinFor(long micros) {
        long until = System.nanoTime() + micros * 1_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
