package dev.weft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Timeouts, deadlines, discard, and the fairness of the hand-off between blocked callers. */
@Timeout(120)
class ChannelHandOffTest {
    @AfterEach
    void noTaskThreadOutlivesItsGroup() {
        assertThat(RealTask.LIVE_THREADS.get()).isZero();
    }

    @Test
    void timeoutsGiveUpOnBothSidesWithoutTakingOrAdding() {
        Channel<String> channel = Channel.create(1);
        long t0 = System.nanoTime();
        assertThat(channel.receive(Duration.ofMillis(50))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(channel.receive(Duration.ZERO)).isEmpty();

        assertThat(channel.send("a", Duration.ZERO)).isTrue();
        t0 = System.nanoTime();
        assertThat(channel.send("b", Duration.ofMillis(50))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(channel.size()).isEqualTo(1);

        assertThat(channel.receive(Duration.ofDays(365 * 1000))).contains("a");
        assertThat(channel.tryReceive()).isEmpty();
        assertThatThrownBy(() -> channel.receive(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void blockingCallsEndWithDeadlineExceededAtTheCallersDeadline() {
        Channel<String> empty = Channel.create(1);
        Channel<String> full = Channel.create(1);
        full.send("x");
        assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(30), () -> empty.receive()))
                .isInstanceOf(DeadlineExceeded.class);
        assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(30), () -> full.send("y")))
                .isInstanceOf(DeadlineExceeded.class);
        assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(30), () -> empty.receive(Duration.ofHours(1))))
                .isInstanceOf(DeadlineExceeded.class);
        // An abort action registered around the wait takes the interrupt's place; the deadline still ends it.
        assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(30), () -> {
            try (var abort = Cancellation.onAbort(() -> { })) {
                return full.send("z", Duration.ofHours(1));
            }
        })).isInstanceOf(DeadlineExceeded.class);
        assertThat(full.size()).isEqualTo(1);
        assertThat(empty.size()).isZero();
    }

    @Test
    void blockedReceiversAreServedInArrivalOrder() {
        Channel<Integer> channel = Channel.create(1);
        List<Task<Integer>> receivers = new ArrayList<>();
        try (var group = TaskGroup.open()) {
            for (int i = 0; i < 100; i++) {
                receivers.add(spawnParked(group, () -> channel.receive()));
            }
            for (int i = 0; i < 100; i++) {
                channel.send(i);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(receivers.get(i).join()).as("receiver %d", i).isEqualTo(i);
            }
        }
    }

    @Test
    void aHandOffCannotBeTakenByABargingTryReceiveOrTrySend() {
        Channel<String> channel = Channel.create(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger barged = new AtomicInteger();
        try (var group = TaskGroup.open()) {
            group.spawn(() -> {
                while (!stop.get() && !Cancellation.isCancelled()) {
                    channel.tryReceive().ifPresent(item -> barged.incrementAndGet());
                    letOthersRun();
                }
            });
            for (int round = 0; round < 200; round++) {
                Task<String> receiver = spawnParked(group, () -> channel.receive());
                channel.send("item " + round);
                assertThat(receiver.join()).isEqualTo("item " + round);
            }
            stop.set(true);
            group.join();
        }
        assertThat(barged).hasValue(0);

        for (int round = 0; round < 200; round++) {
            String blocked = "sender " + round;
            channel.send("first " + round);
            try (var group = TaskGroup.open()) {
                Task<String> sender = spawnParked(group, () -> ChannelTest.endOf(() -> channel.send(blocked)));
                AtomicBoolean done = new AtomicBoolean();
                CountDownLatch trying = new CountDownLatch(1);
                group.spawn(() -> {
                    while (!done.get() && !Cancellation.isCancelled()) {
                        if (channel.trySend("barger")) {
                            barged.incrementAndGet();
                        }
                        trying.countDown();
                        letOthersRun();
                    }
                });
                trying.await();
                assertThat(channel.receive()).isEqualTo("first " + round);   // frees the slot for the sender
                assertThat(sender.join()).isEqualTo("returned");
                done.set(true);
                group.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(channel.receive()).isEqualTo(blocked);
        }
        assertThat(barged).hasValue(0);
    }

    @Test
    void discardReturnsTheQueuedItemsAndEndsEveryWait() {
        Channel<String> full = Channel.create(2);
        full.send("a");
        full.send("b");
        Channel<String> empty = Channel.create(2);
        try (var group = TaskGroup.open()) {
            Task<String> sender = spawnParked(group, () -> ChannelTest.endOf(() -> full.send("c")));
            Task<String> receiver = spawnParked(group, () -> ChannelTest.endOf(() -> empty.receive()));
            assertThat(full.discard()).containsExactly("a", "b");
            assertThat(empty.discard()).isEmpty();
            assertThat(sender.join()).contains("send on a discarded channel");
            assertThat(receiver.join()).contains("receive on a discarded channel");
        }
        assertThat(full.discard()).isEmpty();
        assertThat(full.isClosed()).isTrue();
        assertThatThrownBy(() -> full.trySend("d")).isInstanceOf(ChannelClosed.class);
        assertThatThrownBy(() -> full.receive(Duration.ofHours(1))).isInstanceOf(ChannelClosed.class);

        Channel<String> closed = Channel.create(2);
        closed.send("left");
        closed.close();
        assertThat(closed.discard()).containsExactly("left");
        assertThatThrownBy(closed::tryReceive).isInstanceOf(ChannelClosed.class);
    }

    @Test
    void aWaitEndingAsAnItemArrivesNeverLosesOrDuplicatesIt() {
        int count = 5_000;
        Channel<Integer> channel = Channel.create(4);
        ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
        try (var group = TaskGroup.open()) {
            for (int r = 0; r < 6; r++) {
                boolean byDeadline = r % 2 == 0;
                group.spawn(() -> {
                    while (true) {
                        long micros = ThreadLocalRandom.current().nextLong(0, 300);
                        Optional<Integer> item;
                        try {
                            item = byDeadline
                                    ? Deadline.moveOnAfter(Duration.ofNanos(micros * 1_000), () -> channel.receive())
                                    : channel.receive(Duration.ofNanos(micros * 1_000));
                        } catch (ChannelClosed end) {
                            return;
                        }
                        item.ifPresent(received::add);
                    }
                });
            }
            for (int i = 0; i < count; i++) {
                channel.send(i);
            }
            channel.close();
            group.join();
        }
        assertThat(received).hasSize(count).doesNotHaveDuplicates();
    }

    /**
     * Spawns {@code body} and returns once its thread waits on a condition (the channel's, not its lock),
     * so that the order of arrival is known and the caller is in the channel's queue.
     */
    /**
     * Paces a barging loop. Not {@code Thread.yield()}: on one carrier (one core) a yielding virtual thread
     * can be rescheduled ahead of a newly started one indefinitely, starving the receiver under test; a
     * short timed park hands the carrier over. The loop also ends when its group is cancelled, so a
     * failed assertion cannot leave it spinning while the group's close() waits for it.
     */
    private static void letOthersRun() {
        LockSupport.parkNanos(20_000);
    }

    private static <T> Task<T> spawnParked(TaskGroup group, Callable<T> body) {
        AtomicReference<Thread> thread = new AtomicReference<>();
        Task<T> task = group.spawn(() -> {
            thread.set(Thread.currentThread());
            return body.call();
        });
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (thread.get() == null
                || !(LockSupport.getBlocker(thread.get()) instanceof AbstractQueuedSynchronizer.ConditionObject)) {
            assertThat(System.nanoTime() - giveUp).as("task parks within 30 s").isNegative();
            assertThat(task.isDone()).as("task ended before it parked").isFalse();
            Thread.yield();
        }
        return task;
    }
}
