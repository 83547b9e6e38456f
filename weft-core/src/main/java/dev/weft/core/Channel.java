package dev.weft.core;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A bounded queue between tasks: Trio's memory channel, asyncio's {@code Queue} with
 * {@code maxsize}. {@link #send} blocks while the channel is full (backpressure), {@link #receive}
 * blocks while it is empty; {@link #close()} stops the sending side, and receivers then drain what is
 * left before they see the end; {@link #discard()} closes both sides at once and hands back what was
 * queued. Iterating receives until the channel is closed and drained. Items may not be null.
 * Thread-safe: any number of senders and receivers.
 *
 * <p>Fair: blocked receivers are served in arrival order, and an item sent while receivers wait is
 * handed directly to the oldest of them, so a concurrent {@link #tryReceive()} cannot barge ahead;
 * blocked senders are served in arrival order too. A receiver whose timeout, cancellation or deadline
 * races with a hand-off either returns the item or leaves it in the channel for the next receiver: an
 * item is never lost or received twice. Every blocking call ends with {@link Cancelled} when the
 * caller is cancelled and with {@link DeadlineExceeded} at the caller's deadline.
 *
 * {@snippet :
 * try (var group = TaskGroup.open(); Channel<Job> jobs = Channel.create(100)) {
 *     group.spawn(() -> { for (Job job : jobs) handle(job); });   // ends when jobs is closed and drained
 *     for (Job job : load()) jobs.send(job);                         // waits while 100 are queued
 *     jobs.close();
 *     group.join();
 * }
 * }
 */
public interface Channel<T> extends Iterable<T>, AutoCloseable {
    /**
     * Creates an open channel holding at most {@code capacity} items.
     *
     * @throws IllegalArgumentException when {@code capacity} is not positive
     */
    static <T> Channel<T> create(int capacity) {
        return new RealChannel<>(capacity);
    }

    /**
     * Adds {@code item}, waiting while the channel is full. Blocks; ends with {@link Cancelled} if the
     * caller is cancelled while waiting, or {@link DeadlineExceeded} at its deadline (then nothing was
     * added).
     *
     * @throws ChannelClosed if the channel is closed, before or while waiting
     */
    void send(T item);

    /**
     * Like {@link #send(Object)}, giving up after {@code timeout}.
     *
     * {@snippet :
     * if (!frames.send(frame, Duration.ofSeconds(5))) throw new IllegalStateException("consumer stalled");
     * }
     *
     * @return false when the time ran out (then nothing was added)
     * @throws ChannelClosed if the channel is closed, before or while waiting
     */
    boolean send(T item, Duration timeout);

    /**
     * Adds {@code item} if there is room right now. Never blocks.
     *
     * @return false when the channel is full
     * @throws ChannelClosed if the channel is closed
     */
    boolean trySend(T item);

    /**
     * Takes the oldest item, waiting while the channel is empty. Blocks; ends with {@link Cancelled} if
     * the caller is cancelled while waiting, or {@link DeadlineExceeded} at its deadline.
     *
     * @throws ChannelClosed once the channel is closed and every item has been received
     */
    T receive();

    /**
     * Like {@link #receive()}, giving up after {@code timeout}.
     *
     * {@snippet :
     * Optional<Message> next = inbox.receive(Duration.ofSeconds(30));   // empty: nothing came in 30 s
     * }
     *
     * @return empty when the time ran out (then nothing was taken)
     * @throws ChannelClosed once the channel is closed and every item has been received
     */
    Optional<T> receive(Duration timeout);

    /**
     * Takes the oldest item if there is one right now. Never blocks.
     *
     * @return empty when the channel is empty but still open
     * @throws ChannelClosed once the channel is closed and every item has been received
     */
    Optional<T> tryReceive();

    /** Closes the sending side: later sends fail, waiting senders fail, receivers drain then end. Idempotent. */
    @Override
    void close();

    /**
     * Closes both sides at once: later and waiting sends fail with {@link ChannelClosed}, and waiting and
     * later receives fail with {@link ChannelClosed} at once, without draining. The items still queued are
     * removed and returned, so that the caller can release them (connections, buffers). Idempotent: later
     * calls return an empty list. Never blocks.
     *
     * {@snippet :
     * for (Connection idle : connections.discard()) idle.close();
     * }
     *
     * @return the items that were queued, oldest first, in a new list
     */
    List<T> discard();

    /** Whether {@link #close()} or {@link #discard()} was called. */
    boolean isClosed();

    /** Items waiting right now; a snapshot. */
    int size();

    /** The most items the channel holds. */
    int capacity();

    /**
     * An iterator that receives items until the channel is closed and drained. {@code hasNext()} blocks
     * like {@link #receive()}. Each iterator takes items away from every other receiver.
     */
    @Override
    Iterator<T> iterator();
}
