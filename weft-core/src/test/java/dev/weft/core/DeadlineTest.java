package dev.weft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
@SuppressWarnings("try")
class DeadlineTest {
    private static final Duration HANG = Duration.ofSeconds(30);

    @AfterEach
    void noTaskThreadOutlivesItsGroupAndNoInterruptLingers() {
        assertThat(RealTask.LIVE_THREADS.get()).isZero();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void withinReachesAThreadBlockedInSleep() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(50), () -> {
            Thread.sleep(HANG);
            return "woke up";
        })).isInstanceOf(DeadlineExceeded.class).hasCauseInstanceOf(InterruptedException.class);
        assertThat(elapsedSince(t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void withinReturnsTheValueWhenTheBodyIsFastEnough() {
        assertThat(Deadline.within(Duration.ofSeconds(10), () -> "fast")).isEqualTo("fast");
        assertThat(Deadline.at(Instant.now().plusSeconds(10), () -> 42)).isEqualTo(42);
    }

    @Test
    void moveOnAfterReturnsEmptyOnExpiry() {
        Optional<String> result = Deadline.moveOnAfter(Duration.ofMillis(30), () -> {
            Thread.sleep(HANG);
            return "late";
        });
        assertThat(result).isEmpty();
        assertThat(Deadline.moveOnAfter(Duration.ofSeconds(10), () -> "in time")).contains("in time");
        assertThat(Deadline.moveOnAt(Instant.now().plusMillis(30), () -> {
            Thread.sleep(HANG);
            return "late";
        })).isEmpty();
    }

    @Test
    void anInnerScopeCannotExtendTheOuterDeadline() {
        AtomicReference<Instant> outer = new AtomicReference<>();
        AtomicReference<Instant> inner = new AtomicReference<>();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(400), () -> {
            outer.set(Cancellation.deadline().orElseThrow());
            return Deadline.within(Duration.ofSeconds(60), () -> {
                inner.set(Cancellation.deadline().orElseThrow());
                Thread.sleep(HANG);
                return "inner finished";
            });
        })).isInstanceOf(DeadlineExceeded.class).hasMessageContaining("400 ms");
        assertThat(Duration.between(outer.get(), inner.get()).abs()).isLessThan(Duration.ofSeconds(5));
        assertThat(elapsedSince(t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void anInnerScopeCanShortenTheDeadlineAndCatchesOnlyItsOwnExpiry() {
        String result = Deadline.within(Duration.ofSeconds(60), () -> {
            Optional<String> inner = Deadline.moveOnAfter(Duration.ofMillis(30), () -> {
                assertThat(Cancellation.remaining().orElseThrow()).isLessThanOrEqualTo(Duration.ofMillis(30));
                Thread.sleep(HANG);
                return "late";
            });
            assertThat(inner).isEmpty();
            assertThat(Cancellation.remaining().orElseThrow()).isGreaterThan(Duration.ofSeconds(30));
            return "outer carries on";
        });
        assertThat(result).isEqualTo("outer carries on");
    }

    @Test
    void anOuterExpiryPassesThroughAnInnerMoveOnAfter() {
        assertThat(Deadline.moveOnAfter(Duration.ofMillis(50), () -> {
            Deadline.moveOnAfter(Duration.ofSeconds(60), () -> Thread.sleep(HANG));
            return "the inner block swallowed the outer expiry";
        })).isEmpty();
    }

    @Test
    void aSwallowedInterruptDoesNotLoseTheCancellation() {
        long t0 = System.nanoTime();
        assertThat(Deadline.moveOnAfter(Duration.ofMillis(50), () -> {
            try {
                Thread.sleep(HANG);
            } catch (InterruptedException ignored) {
                // careless code: the next Weft blocking call must still notice the expiry
            }
            Event.create().await();                     // never set: only the cancellation can end it
        })).isFalse();
        assertThat(elapsedSince(t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shieldedCleanUpRunsAfterTheDeadlineAndTheCancellationResumesAfterIt() {
        AtomicBoolean cleanedUp = new AtomicBoolean();
        AtomicBoolean sawCancellationInsideShield = new AtomicBoolean(true);
        long t0 = System.nanoTime();
        assertThat(Deadline.moveOnAfter(Duration.ofMillis(50), () -> {
            try {
                Thread.sleep(HANG);
            } finally {
                CancelScope.shielded(() -> {
                    sawCancellationInsideShield.set(Cancellation.isCancelled());
                    assertThat(Cancellation.deadline()).isEmpty();
                    Thread.sleep(100);                  // would throw if the expiry reached in here
                    cleanedUp.set(true);
                });
            }
        })).isFalse();
        assertThat(cleanedUp).isTrue();
        assertThat(sawCancellationInsideShield).isFalse();
        assertThat(elapsedSince(t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aShieldIsNotInterruptedWhenTheOuterScopeExpiresWhileItRuns() {
        AtomicBoolean finished = new AtomicBoolean();
        assertThat(Deadline.moveOnAfter(Duration.ofMillis(30), () -> {
            CancelScope.shielded(() -> {
                Thread.sleep(150);                      // the expiry happens in the middle
                finished.set(true);
            });
            Thread.sleep(HANG);                         // re-armed: ends at once
        })).isFalse();
        assertThat(finished).isTrue();
    }

    @Test
    void anInterruptAlreadySentByTheEnclosingScopeDoesNotFireInsideAShield() {
        AtomicBoolean finished = new AtomicBoolean();
        assertThat(Deadline.moveOnAfter(Duration.ofMillis(20), () -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();                    // expired and interrupted, not yet noticed
            }
            CancelScope.shielded(() -> {
                Thread.sleep(20);
                finished.set(true);
            });
            Thread.sleep(HANG);                         // the interrupt is back after the shield
        })).isFalse();
        assertThat(finished).isTrue();
    }

    @Test
    void aCancelledCallerDoesNotStartANewScope() {
        AtomicBoolean innerStarted = new AtomicBoolean();
        assertThat(Deadline.moveOnAfter(Duration.ofMillis(20), () -> {
            while (!Cancellation.isCancelled()) {
                Thread.onSpinWait();
            }
            Deadline.within(Duration.ofSeconds(5), () -> innerStarted.getAndSet(true));
        })).isFalse();
        assertThat(innerStarted).isFalse();
    }

    @Test
    void cancellationReachesATaskBlockedInASocketReadByInterrupt() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            Optional<Integer> read;
            try (var group = TaskGroup.open()) {
                // A task runs on a virtual thread, whose socket reads an interrupt can end.
                Task<Optional<Integer>> reader = group.spawn(() -> Deadline.moveOnAfter(Duration.ofMillis(100), () -> {
                    try (Socket socket = new Socket(silent.getInetAddress(), silent.getLocalPort())) {
                        socket.setSoTimeout((int) HANG.toMillis());   // a safety net, far beyond the deadline
                        return socket.getInputStream().read();       // the server never answers
                    }
                }));
                read = reader.join();
            }
            assertThat(read).isEmpty();
            assertThat(elapsedSince(t0)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void cancellationReachesASocketReadThroughItsAbortAction() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                var group = TaskGroup.open()) {
            AtomicBoolean interrupted = new AtomicBoolean();
            java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
            Task<Integer> reader = group.spawn(() -> {
                try (Socket socket = new Socket(silent.getInetAddress(), silent.getLocalPort())) {
                    socket.setSoTimeout((int) HANG.toMillis());
                    InputStream in = socket.getInputStream();
                    Cancellation.check();
                    try (var abort = Cancellation.onAbort(() -> closeQuietly(socket))) {
                        reading.countDown();
                        return in.read();
                    } catch (SocketException e) {
                        interrupted.set(Thread.currentThread().isInterrupted());
                        Cancellation.check();
                        throw e;
                    }
                }
            });
            reading.await();
            Thread.sleep(20);                           // most likely blocked in read() by now; either way works
            assertThat(reader.state()).isEqualTo(Task.State.RUNNING);
            reader.cancel();
            group.join();
            assertThat(reader.state()).isEqualTo(Task.State.CANCELLED);
            assertThat(interrupted).isFalse();
        }
    }

    @Test
    void badArgumentsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> Deadline.within(null, () -> 1)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> Deadline.within(Duration.ofSeconds(1), (java.util.concurrent.Callable<?>) null))
                .hasMessageContaining("body");
    }

    @Test
    void aHugeTimeoutIsTreatedAsForeverWithoutOverflow() {
        assertThat(Deadline.within(Duration.ofDays(365L * 10_000), () -> Cancellation.remaining().orElseThrow()))
                .isGreaterThan(Duration.ofDays(365L * 50));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // aborting: the reader reports the outcome
        }
    }

    private static Duration elapsedSince(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

}
