package dev.weft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
@SuppressWarnings("try")
class CancellationTest {
    @AfterEach
    void noTaskThreadOutlivesItsGroup() {
        assertThat(RealTask.LIVE_THREADS.get()).isZero();
    }

    @Test
    void outsideEveryScopeThereIsNoDeadlineAndNothingToAbort() {
        assertThat(Cancellation.deadline()).isEmpty();
        assertThat(Cancellation.remaining()).isEmpty();
        Cancellation.check();
        assertThat(Cancellation.isCancelled()).isFalse();
        AtomicBoolean ran = new AtomicBoolean();
        Cancellation.onAbort(() -> ran.set(true)).close();
        assertThat(ran).isFalse();
    }

    @Test
    void remainingShrinksInsideADeadline() throws Exception {
        Deadline.within(Duration.ofSeconds(30), () -> {
            Duration first = Cancellation.remaining().orElseThrow();
            assertThat(first).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
            Thread.sleep(20);
            assertThat(Cancellation.remaining().orElseThrow()).isLessThan(first);
            assertThat(Cancellation.deadline().orElseThrow())
                    .isBetween(Instant.now().plusSeconds(25), Instant.now().plusSeconds(31));
        });
    }

    @Test
    void checkThrowsDeadlineExceededOnceTheDeadlinePassed() {
        assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(30), () -> {
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until) {
                Cancellation.check();      // busy: only check() can notice the expiry
                Thread.onSpinWait();
            }
            return "never";
        })).isInstanceOf(DeadlineExceeded.class).hasMessageContaining("30 ms");
    }

    @Test
    void onAbortRunsTheActionInsteadOfInterrupting() throws Exception {
        CountDownLatch registered = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<Thread> abortedBy = new AtomicReference<>();
        try (var group = TaskGroup.open()) {
            Task<Void> blocked = group.spawn(() -> {
                try (var abort = Cancellation.onAbort(() -> {
                    abortedBy.set(Thread.currentThread());
                    released.countDown();
                })) {
                    registered.countDown();
                    // Uninterruptible on purpose: only the abort action can end this wait.
                    while (released.getCount() > 0) {
                        try {
                            released.await();
                        } catch (InterruptedException e) {
                            interrupted.set(true);
                        }
                    }
                }
                interrupted.compareAndSet(false, Thread.currentThread().isInterrupted());
                Cancellation.check();
            });
            registered.await();
            blocked.cancel();
            group.join();
            assertThat(blocked.state()).isEqualTo(Task.State.CANCELLED);
        }
        assertThat(abortedBy.get()).isNotNull().isSameAs(Thread.currentThread());
        assertThat(interrupted).isFalse();
    }

    @Test
    void aDeadlineRunsTheAbortActionOnAnotherThread() {
        AtomicReference<Thread> abortedBy = new AtomicReference<>();
        CountDownLatch released = new CountDownLatch(1);
        boolean completed = Deadline.moveOnAfter(Duration.ofMillis(200), () -> {
            try (var abort = Cancellation.onAbort(() -> {
                abortedBy.set(Thread.currentThread());
                released.countDown();
            })) {
                released.await(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            Cancellation.check();
        });
        assertThat(completed).isFalse();
        assertThat(abortedBy.get()).isNotNull().isNotSameAs(Thread.currentThread());
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void onAbortInACancelledScopeThrowsAndRegistersNothing() {
        AtomicBoolean ran = new AtomicBoolean();
        assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(1), () -> {
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!Cancellation.isCancelled() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            Cancellation.onAbort(() -> ran.set(true));
            return "registered";
        })).isInstanceOf(DeadlineExceeded.class);
        assertThat(ran).isFalse();
    }

    @Test
    void aThrowingAbortActionIsReportedNotLostAndTheTaskStillEnds() throws Exception {
        AtomicReference<Throwable> reported = new AtomicReference<>();
        Thread.UncaughtExceptionHandler previous = Thread.currentThread().getUncaughtExceptionHandler();
        Thread.currentThread().setUncaughtExceptionHandler((thread, e) -> reported.set(e));
        try (var group = TaskGroup.open()) {
            CountDownLatch registered = new CountDownLatch(1);
            Task<Void> blocked = group.spawn(() -> {
                try (var abort = Cancellation.onAbort(() -> {
                    throw new IllegalStateException("abort action broke");
                })) {
                    registered.countDown();
                    Event.create().await();
                }
            });
            registered.await();
            blocked.cancel();                           // the action throws: the task is interrupted instead
            group.join();
            assertThat(blocked.state()).isEqualTo(Task.State.CANCELLED);
        } finally {
            Thread.currentThread().setUncaughtExceptionHandler(previous);
        }
        assertThat(reported.get()).hasMessage("abort action broke");
    }

    @Test
    void aClosedRegistrationNeverRuns() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        boolean completed = Deadline.moveOnAfter(Duration.ofMillis(30), () -> {
            Cancellation.onAbort(() -> ran.set(true)).close();
            Thread.sleep(5_000);
        });
        assertThat(completed).isFalse();
        assertThat(ran).isFalse();
    }
}
