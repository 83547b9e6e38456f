package dev.weft.core;

import java.util.Iterator;
import java.util.Optional;

/**
 * A bounded queue between tasks: Trio's memory channel, asyncio's {@code Queue} with
 * {@code maxsize}. {@link #send} blocks while the channel is full (backpressure), {@link #receive}
 * blocks while it is empty; {@link #close()} stops the sending side, and receivers then drain what is
 * left before they see the end. Iterating receives until the channel is closed and drained. Items may
 * not be null. Thread-safe: any number of senders and receivers.
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
     * caller is cancelled while waiting (then nothing was added).
     *
     * @throws ChannelClosed if the channel is closed, before or while waiting
     */
    void send(T item);

    /**
     * Adds {@code item} if there is room right now. Never blocks.
     *
     * @return false when the channel is full
     * @throws ChannelClosed if the channel is closed
     */
    boolean trySend(T item);

    /**
     * Takes the oldest item, waiting while the channel is empty. Blocks; ends with {@link Cancelled} if
     * the caller is cancelled while waiting.
     *
     * @throws ChannelClosed once the channel is closed and every item has been received
     */
    T receive();

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

    /** Whether {@link #close()} was called. */
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
