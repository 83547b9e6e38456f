package dev.weft.examples.feed;

import dev.weft.core.Channel;
import dev.weft.core.ChannelClosed;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One connected client of a {@link FeedHub}: the bounded queue of changes waiting for it, filled by the
 * hub and drained by the client's own stream. Registered at {@link #start()}, the hub's position at that
 * moment: every later change reaches the queue, or the client is dropped. Thread-safe.
 */
final class FeedClient implements AutoCloseable {
    private final FeedHub hub;
    private final Channel<FeedEvent> queue;
    private final long start;
    private final Consumer<String> onDrop;
    private volatile String dropReason;

    FeedClient(FeedHub hub, int capacity, long start, Consumer<String> onDrop) {
        this.hub = hub;
        this.queue = Channel.create(capacity);
        this.start = start;
        this.onDrop = onDrop;
    }

    /** The hub's position when this client joined: changes after it come through the queue. */
    long start() {
        return start;
    }

    /** Queues a change without blocking; false when the queue is full (a closed one takes nothing, silently). */
    boolean offer(FeedEvent event) {
        try {
            return queue.trySend(event);
        } catch (ChannelClosed closed) {
            return true; // the client left meanwhile: nothing to drop
        }
    }

    /**
     * The next change, waiting at most {@code poll}; empty when none came in time.
     *
     * @throws ChannelClosed once the client was dropped or closed, or the hub closed
     */
    Optional<FeedEvent> next(Duration poll) {
        return queue.receive(poll);
    }

    /** Why the hub dropped this client, or null while it was not dropped. */
    String dropReason() {
        return dropReason;
    }

    /** Called by the hub, which has already let go of it: frees the queue and tells the stream's owner. */
    void drop(String reason) {
        dropReason = reason;
        queue.discard();
        onDrop.accept(reason);
    }

    /** Ends the queue: the stream sees the end at its next look. */
    void end() {
        queue.discard();
    }

    /** Leaves the hub and frees the queue. Idempotent. */
    @Override
    public void close() {
        hub.remove(this);
        end();
    }
}
