package dev.weft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The lambda form of a task group, {@link TaskGroup#run}/{@link TaskGroup#call}: Trio's nursery exactly. */
@Timeout(60)
@SuppressWarnings({"try", "finally"})
class TaskGroupBodyTest {
    @AfterEach
    void noTaskThreadOutlivesItsGroupAndNoInterruptLingers() {
        assertThat(RealTask.LIVE_THREADS.get()).isZero();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aBodyThatReturnsWaitsForEveryTaskWithoutJoin() {
        AtomicInteger done = new AtomicInteger();
        String result = TaskGroup.call(group -> {
            for (int i = 0; i < 10; i++) {
                group.spawn(() -> {
                    Thread.sleep(20);
                    done.incrementAndGet();
                });
            }
            return "body done";
        });
        assertThat(result).isEqualTo("body done");
        assertThat(done).hasValue(10);
    }

    @Test
    void aFailingTaskCancelsTheBodyWhereverItBlocksAndIsWhatTheCallerSees() {
        IllegalStateException boom = new IllegalStateException("task failed");
        AtomicBoolean bodyInterrupted = new AtomicBoolean();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> TaskGroup.run(group -> {
            group.spawn(() -> {
                Thread.sleep(30);
                throw boom;
            });
            try {
                Thread.sleep(30_000);                   // not a task join: the body's own blocking call
            } catch (InterruptedException e) {
                bodyInterrupted.set(true);
                throw e;
            }
        })).isSameAs(boom).satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
        assertThat(bodyInterrupted).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aFailingTaskReachesTheBodyThroughItsAbortAction() {
        IllegalStateException boom = new IllegalStateException("task failed");
        CountDownLatch released = new CountDownLatch(1);
        assertThatThrownBy(() -> TaskGroup.run(group -> {
            try (var abort = Cancellation.onAbort(released::countDown)) {
                group.spawn(() -> {
                    throw boom;
                });
                released.await();
            }
            Cancellation.check();
        })).isSameAs(boom);
    }

    @Test
    void aFailingBodyCancelsTheTasksAndKeepsTheirFailures() {
        IOException bodyFailure = new IOException("body failed");
        IllegalArgumentException cleanUpFailure = new IllegalArgumentException("clean-up failed");
        CountDownLatch started = new CountDownLatch(2);
        AtomicInteger cancelled = new AtomicInteger();
        assertThatThrownBy(() -> TaskGroup.run(group -> {
            group.spawn(() -> {
                started.countDown();
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    cancelled.incrementAndGet();
                }
            });
            group.spawn(() -> {
                started.countDown();
                try {
                    Thread.sleep(30_000);
                } finally {
                    throw cleanUpFailure;
                }
            });
            started.await();
            throw bodyFailure;
        })).isSameAs(cleanUpFailure).satisfies(e -> assertThat(e.getSuppressed()).containsExactly(bodyFailure));
        assertThat(cancelled).hasValue(1);
    }

    @Test
    void aCheckedBodyFailureArrivesWrapped() {
        IOException bodyFailure = new IOException("body failed");
        assertThatThrownBy(() -> TaskGroup.run(group -> {
            throw bodyFailure;
        })).isInstanceOf(ExecutionFailed.class).hasCause(bodyFailure);
    }

    @Test
    void aFailingBodyAloneIsThrownAsItIs() {
        IllegalStateException bodyFailure = new IllegalStateException("body failed");
        assertThatThrownBy(() -> TaskGroup.run(group -> {
            group.spawn(() -> Thread.sleep(30_000));
            throw bodyFailure;
        })).isSameAs(bodyFailure).satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
    }

    @Test
    void theBodySeesTheEnclosingDeadlineAndItsExpiryEndsEverything() {
        AtomicReference<Boolean> bodySawDeadline = new AtomicReference<>();
        assertThat(Deadline.moveOnAfter(Duration.ofMillis(300), () -> TaskGroup.call(group -> {
            bodySawDeadline.set(Cancellation.deadline().isPresent());
            group.spawn(() -> Thread.sleep(30_000));
            Event.create().await();
            return "never";
        }))).isEmpty();
        assertThat(bodySawDeadline.get()).isTrue();
    }

    @Test
    void theGroupOfACallClosesByItself() {
        assertThatThrownBy(() -> TaskGroup.run(TaskGroup::close))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("by itself");
        TaskGroup[] escaped = new TaskGroup[1];
        TaskGroup.run(group -> escaped[0] = group);
        assertThatThrownBy(() -> escaped[0].spawn(() -> 1)).isInstanceOf(IllegalStateException.class);
    }
}
