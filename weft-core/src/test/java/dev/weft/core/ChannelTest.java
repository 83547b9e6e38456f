package dev.weft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChannelTest {
    @AfterEach
    void noTaskThreadOutlivesItsGroup() {
        assertThat(RealTask.LIVE_THREADS.get()).isZero();
    }

    @Test
    void sendBlocksWhileFullUntilAReceiverMakesRoom() throws Exception {
        Channel<Integer> channel = Channel.create(2);
        channel.send(1);
        channel.send(2);
        assertThat(channel.trySend(3)).isFalse();
        try (var group = TaskGroup.open()) {
            Task<Void> sender = group.spawn(() -> channel.send(3));
            Thread.sleep(50);
            assertThat(sender.state()).isEqualTo(Task.State.RUNNING);
            assertThat(channel.size()).isEqualTo(2);
            assertThat(channel.receive()).isEqualTo(1);
            sender.join();
        }
        assertThat(channel.tryReceive()).contains(2);
        assertThat(channel.receive()).isEqualTo(3);
        assertThat(channel.tryReceive()).isEmpty();
    }

    @Test
    void iterationReceivesEverythingUntilClosedAndDrained() {
        Channel<Integer> channel = Channel.create(4);
        List<Integer> received = new ArrayList<>();
        try (var group = TaskGroup.open()) {
            group.spawn(() -> {
                for (int item : channel) {
                    received.add(item);
                }
            });
            for (int i = 0; i < 100; i++) {
                channel.send(i);
            }
            channel.close();
            group.join();
        }
        assertThat(received).hasSize(100).isSorted();
        assertThatThrownBy(channel::receive).isInstanceOf(ChannelClosed.class);
        assertThatThrownBy(channel::tryReceive).isInstanceOf(ChannelClosed.class);
    }

    @Test
    void closeKeepsQueuedItemsForReceiversAndRefusesSenders() {
        Channel<String> channel = Channel.create(3);
        channel.send("a");
        channel.close();
        assertThat(channel.isClosed()).isTrue();
        assertThatThrownBy(() -> channel.send("b")).isInstanceOf(ChannelClosed.class);
        assertThatThrownBy(() -> channel.trySend("b")).isInstanceOf(ChannelClosed.class);
        assertThat(channel.receive()).isEqualTo("a");
        assertThatThrownBy(channel::receive).isInstanceOf(ChannelClosed.class);
    }

    @Test
    void closeWakesBlockedSendersAndReceivers() throws Exception {
        Channel<String> full = Channel.create(1);
        full.send("x");
        Channel<String> empty = Channel.create(1);
        try (var group = TaskGroup.open()) {
            Task<String> sender = group.spawn(() -> endOf(() -> full.send("y")));
            Task<String> receiver = group.spawn(() -> endOf(empty::receive));
            Thread.sleep(50);                           // most likely both are blocked; either way works
            full.close();
            empty.close();
            assertThat(sender.join()).contains("send on a closed channel");
            assertThat(receiver.join()).contains("no items left");
        }
        assertThat(full.receive()).isEqualTo("x");
    }

    /** How {@code blocking} ended: "returned", or the message of the ChannelClosed it threw. */
    static String endOf(CheckedRunnable blocking) throws Exception {
        try {
            blocking.run();
            return "returned";
        } catch (ChannelClosed e) {
            return e.getMessage();
        }
    }

    @Test
    void cancellationReachesAReceiverBlockedOnAnEmptyChannel() {
        Channel<String> channel = Channel.create(1);
        long t0 = System.nanoTime();
        try (var group = TaskGroup.open()) {
            Task<String> receiver = group.spawn(() -> channel.receive());
            CountDownLatch blocked = new CountDownLatch(1);
            group.spawn(() -> {
                Thread.sleep(50);
                blocked.countDown();
            });
            blocked.await();
            receiver.cancel();
            group.join();
            assertThat(receiver.state()).isEqualTo(Task.State.CANCELLED);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(Deadline.moveOnAfter(Duration.ofMillis(50), () -> channel.receive())).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> Channel.create(0)).hasMessageContaining("0");
        assertThatThrownBy(() -> Channel.<String>create(1).send(null)).isInstanceOf(NullPointerException.class);
    }
}
