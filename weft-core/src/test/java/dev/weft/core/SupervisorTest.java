package dev.weft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SupervisorTest {
    @AfterEach
    void noTaskThreadOutlivesItsSupervisor() {
        assertThat(RealTask.LIVE_THREADS.get()).isZero();
    }

    @Test
    void aFailureGoesToTheHandlerAndItsSiblingsKeepRunning() {
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        CountDownLatch reported = new CountDownLatch(1);
        Channel<String> toSibling = Channel.create(1);
        try (var supervisor = Supervisor.open("test", (task, failure) -> {
            failures.put(task, failure);
            reported.countDown();
        })) {
            Task<String> sibling = supervisor.spawn("sibling", () -> toSibling.receive());
            IllegalStateException boom = new IllegalStateException("boom");
            Task<Void> failing = supervisor.spawn("failing", () -> {
                throw boom;
            });
            Task<Void> checked = supervisor.spawn("checked", () -> {
                throw new IOException("disk");
            });
            assertThatThrownBy(failing::join).isSameAs(boom);
            assertThatThrownBy(checked::join).isInstanceOf(ExecutionFailed.class).hasCauseInstanceOf(IOException.class);
            assertThat(failing.state()).isEqualTo(Task.State.FAILED);
            awaitQuietly(reported);

            toSibling.send("still here");
            assertThat(sibling.join()).isEqualTo("still here");
            assertThat(failures).containsEntry("failing", boom).containsKey("checked");
            assertThat(failures.get("checked")).isInstanceOf(ExecutionFailed.class);
        }
    }

    @Test
    void closeCancelsBlockedTasksAndReturnsOnlyOnceTheyEnded() throws Exception {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch aborted = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(3);
        Channel<String> empty = Channel.create(1);
        Task<?>[] tasks = new Task<?>[3];
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket server = listener.accept()) {
            var supervisor = Supervisor.open("blocked");
            tasks[0] = supervisor.spawn("channel", () -> runTracked(threads, finished, started, empty::receive));
            tasks[1] = supervisor.spawn("socket", () -> runTracked(threads, finished, started, () -> {
                try (var abort = Cancellation.onAbort(() -> {
                    aborted.countDown();
                    closeQuietly(server);
                })) {
                    server.getInputStream().read();
                }
            }));
            tasks[2] = supervisor.spawn("sleep", () -> runTracked(threads, finished, started,
                    () -> Thread.sleep(Long.MAX_VALUE)));
            started.await();
            assertThat(supervisor.activeTasks()).isEqualTo(3);

            supervisor.close();

            assertThat(finished).hasValue(3);
            assertThat(aborted.getCount()).as("the socket read was ended by its abort action").isZero();
            assertThat(supervisor.activeTasks()).isZero();
            assertThat(supervisor.isClosed()).isTrue();
            assertThat(threads).hasSize(3).noneMatch(Thread::isAlive);
            assertThat(threads).extracting(Thread::getName).containsExactlyInAnyOrder("channel", "socket", "sleep");
            for (Task<?> task : tasks) {
                assertThat(task.state()).isEqualTo(Task.State.CANCELLED);
            }
            supervisor.close();                                          // idempotent
        }
    }

    private static Object runTracked(List<Thread> threads, AtomicInteger finished, CountDownLatch started,
            CheckedRunnable body) throws Exception {
        threads.add(Thread.currentThread());
        started.countDown();
        try {
            body.run();
            return null;
        } finally {
            finished.incrementAndGet();
        }
    }

    @Test
    void closeFromInsideOneOfItsTasksWaitsForTheOthersOnly() {
        var supervisor = Supervisor.open("self-closing");
        CountDownLatch waiting = new CountDownLatch(1);
        List<Thread> others = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            supervisor.spawn("waiter " + i, () -> {
                others.add(Thread.currentThread());
                if (others.size() == 5) {
                    waiting.countDown();
                }
                Event.create().await();
            });
        }
        awaitQuietly(waiting);
        Task<String> closer = supervisor.spawn("closer", () -> {
            supervisor.close();
            return supervisor.activeTasks() + " active, " + others.stream().filter(Thread::isAlive).count() + " alive";
        });
        assertThat(closer.join()).isEqualTo("1 active, 0 alive");
        supervisor.close();
        assertThat(supervisor.activeTasks()).isZero();
        assertThat(closer.state()).isEqualTo(Task.State.SUCCEEDED);
    }

    @Test
    void spawnAfterCloseIsRefused() {
        var supervisor = Supervisor.open("done");
        supervisor.close();
        assertThatThrownBy(() -> supervisor.spawn("late", () -> 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("done").hasMessageContaining("late");
        assertThat(supervisor.activeTasks()).isZero();
    }

    @Test
    void awaitIdleDrainsWithoutCancelling() {
        try (var supervisor = Supervisor.open("drain")) {
            assertThat(supervisor.awaitIdle(Duration.ZERO)).isTrue();
            Channel<Integer> work = Channel.create(1);
            Task<Integer> worker = supervisor.spawn("worker", () -> work.receive() * 2);

            assertThat(supervisor.awaitIdle(Duration.ofMillis(50))).isFalse();
            assertThat(worker.state()).isEqualTo(Task.State.RUNNING);
            assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(50), () -> supervisor.awaitIdle(Duration.ofHours(1))))
                    .isInstanceOf(DeadlineExceeded.class);

            work.send(21);
            assertThat(supervisor.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(worker.result()).isEqualTo(42);
            assertThat(supervisor.activeTasks()).isZero();
        }
    }

    @Test
    void theOpenersDeadlineAndCancellationDoNotReachSupervisedTasks() {
        Channel<String> input = Channel.create(1);
        var supervisor = Supervisor.open("detached");
        AtomicReference<Task<String>> task = new AtomicReference<>();
        boolean completed = Deadline.moveOnAfter(Duration.ofMillis(50), () -> {
            task.set(supervisor.spawn("reader", () -> Cancellation.deadline().isPresent() + " " + input.receive()));
            Event.create().await();                                      // until the opener's deadline passes
        });
        assertThat(completed).isFalse();
        assertThat(task.get().state()).isEqualTo(Task.State.RUNNING);
        input.send("alive");
        assertThat(task.get().join()).isEqualTo("false alive");
        supervisor.close();
    }

    @Test
    void aCancelledTaskIsNotAFailure() {
        List<String> failures = new CopyOnWriteArrayList<>();
        try (var supervisor = Supervisor.open("quiet", (task, failure) -> failures.add(task))) {
            Task<Void> task = supervisor.spawn("sleeper", () -> Thread.sleep(Long.MAX_VALUE));
            task.cancel();
            assertThatThrownBy(task::join).isInstanceOf(Cancelled.class).hasMessageContaining("sleeper");
            assertThat(task.state()).isEqualTo(Task.State.CANCELLED);
        }
        assertThat(failures).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // The read it unblocks reports the outcome; a failed close has nothing to add.
        }
    }
}
