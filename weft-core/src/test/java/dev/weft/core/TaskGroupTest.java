package dev.weft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
@SuppressWarnings("finally")
class TaskGroupTest {
    @AfterEach
    void noTaskThreadOutlivesItsGroup() {
        assertThat(RealTask.LIVE_THREADS.get()).isZero();
    }

    @Test
    void joinReturnsEveryResult() {
        try (var group = TaskGroup.open()) {
            Task<Integer> a = group.spawn(() -> 1);
            Task<String> b = group.spawn(() -> "two");
            assertThat(a.join()).isEqualTo(1);
            assertThat(b.join()).isEqualTo("two");
            assertThat(a.state()).isEqualTo(Task.State.SUCCEEDED);
            assertThat(b.result()).isEqualTo("two");
        }
    }

    @Test
    void joiningEveryTaskIsEnoughEvenWhileItsThreadIsStillFinishing() {
        for (int i = 0; i < 2_000; i++) {
            try (var group = TaskGroup.open()) {
                int n = i;
                assertThat(group.spawn(() -> n).join()).isEqualTo(n);
            }
        }
    }

    @Test
    void hundredThousandTasksInOneGroupComplete() {
        AtomicInteger done = new AtomicInteger();
        try (var group = TaskGroup.open()) {
            for (int i = 0; i < 100_000; i++) {
                group.spawn(() -> {
                    done.incrementAndGet();
                });
            }
            group.join();
        }
        assertThat(done).hasValue(100_000);
    }

    @Test
    void firstFailureCancelsSiblingsAndIsRethrownWithLaterFailuresSuppressed() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        IllegalStateException first = new IllegalStateException("first");
        List<Task<?>> sleepers = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (var group = TaskGroup.open()) {
                for (int i = 0; i < 3; i++) {
                    sleepers.add(group.spawn(() -> Thread.sleep(30_000)));
                }
                group.spawn(() -> {
                    bothStarted.countDown();
                    try {
                        Thread.sleep(30_000);
                    } finally {
                        // The clean-up of a cancelled sibling fails too: that must not be lost.
                        throw new IllegalArgumentException("second, during cancellation");
                    }
                });
                group.spawn(() -> {
                    bothStarted.countDown();
                    bothStarted.await();
                    throw first;
                });
                group.join();
            }
        }).isSameAs(first).satisfies(e -> assertThat(e.getSuppressed())
                .singleElement().hasFieldOrPropertyWithValue("message", "second, during cancellation"));
        assertThat(sleepers).allSatisfy(t -> assertThat(t.state()).isEqualTo(Task.State.CANCELLED));
    }

    @Test
    void joiningASiblingOfAFailedTaskThrowsTheFailureOnceAndCloseDoesNotRepeatIt() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> {
            try (var group = TaskGroup.open()) {
                Task<String> slow = group.spawn(() -> {
                    Thread.sleep(30_000);
                    return "late";
                });
                group.spawn(() -> {
                    throw boom;
                });
                slow.join();
            }
        }).isSameAs(boom).satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
    }

    @Test
    void checkedExceptionsArriveWrappedInExecutionFailed() {
        IOException io = new IOException("disk");
        assertThatThrownBy(() -> {
            try (var group = TaskGroup.open()) {
                group.spawn(() -> {
                    throw io;
                });
                group.join();
            }
        }).isInstanceOf(ExecutionFailed.class).hasCause(io);
    }

    @Test
    void aFailureInTheBodyCancelsTheChildrenAndIsTheExceptionTheCallerSees() {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger cancelled = new AtomicInteger();
        IllegalStateException bodyFailure = new IllegalStateException("body");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> {
            try (var group = TaskGroup.open()) {
                group.spawn(() -> {
                    started.countDown();
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        cancelled.incrementAndGet();
                        throw e;
                    }
                });
                started.await();
                throw bodyFailure;
            }
        }).isSameAs(bodyFailure).satisfies(e -> assertThat(e.getSuppressed())
                .singleElement().isInstanceOf(IllegalStateException.class));
        assertThat(cancelled).hasValue(1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aForgottenJoinIsReportedAfterCancellingTheTask() {
        CountDownLatch started = new CountDownLatch(1);
        assertThatThrownBy(() -> {
            try (var group = TaskGroup.open()) {
                group.spawn(() -> {
                    started.countDown();
                    Thread.sleep(30_000);
                });
                started.await();
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("join()");
    }

    @Test
    void cancellingOneTaskIsNotAFailure() throws Exception {
        try (var group = TaskGroup.open()) {
            Task<String> slow = group.spawn(() -> {
                Thread.sleep(30_000);
                return "late";
            });
            Task<String> fast = group.spawn(() -> "fast");
            slow.cancel();
            group.join();
            assertThat(slow.state()).isEqualTo(Task.State.CANCELLED);
            assertThat(fast.join()).isEqualTo("fast");
            assertThatThrownBy(slow::join).isExactlyInstanceOf(Cancelled.class);
            assertThatThrownBy(slow::result).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void cancellingTheGroupOnPurposeEndsQuietly() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        try (var group = TaskGroup.open()) {
            for (int i = 0; i < 2; i++) {
                group.spawn(() -> {
                    started.countDown();
                    Thread.sleep(30_000);
                });
            }
            started.await();
            group.cancel();
            Task<String> late = group.spawn(() -> "never runs");
            group.join();
            assertThat(late.state()).isEqualTo(Task.State.CANCELLED);
        }
    }

    @Test
    void aGroupIsUsedOnceAndClosedOnlyByItsOpener() throws Exception {
        TaskGroup group = TaskGroup.open();
        Thread other = Thread.ofVirtual().start(() -> assertThatThrownBy(group::close)
                .isInstanceOf(IllegalStateException.class));
        other.join();
        group.close();
        group.close();
        assertThatThrownBy(() -> group.spawn(() -> 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void childrenSpawnSiblingsAndTheGroupWaitsForThemToo() {
        AtomicInteger done = new AtomicInteger();
        try (var group = TaskGroup.open()) {
            group.spawn(() -> {
                Thread.sleep(20);
                group.spawn(() -> {
                    Thread.sleep(20);
                    done.incrementAndGet();
                });
                done.incrementAndGet();
            });
            group.join();
        }
        assertThat(done).hasValue(2);
    }

    @Test
    void tasksSeeTheDeadlineOfTheScopeThatOpenedTheGroup() {
        Deadline.within(Duration.ofSeconds(30), () -> {
            java.time.Instant mine = Cancellation.deadline().orElseThrow();
            try (var group = TaskGroup.open()) {
                Task<java.time.Instant> seen = group.spawn(() -> Cancellation.deadline().orElseThrow());
                assertThat(Duration.between(mine, seen.join()).abs()).isLessThan(Duration.ofSeconds(5));
            }
        });
        try (var group = TaskGroup.open()) {
            assertThat(group.spawn(() -> Cancellation.deadline().isPresent()).join()).isFalse();
        }
    }

    @Test
    void tasksInheritTheDeadlineOfTheScopeThatOpenedTheGroup() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(100), () -> {
            try (var group = TaskGroup.open()) {
                Task<Boolean> seen = group.spawn(() -> Cancellation.deadline().isPresent());
                assertThat(seen.join()).isTrue();
                group.spawn(() -> Thread.sleep(30_000));
                group.join();
            }
            return "finished";
        })).isInstanceOf(DeadlineExceeded.class);
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }
}
