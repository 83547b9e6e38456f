package dev.weft.pg.pool;

import dev.weft.core.Channel;
import dev.weft.core.ChannelClosed;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A caller in the FIFO queue of {@link Slots}, answered through a one-item core {@link Channel}: the pool
 * sends the connection it hands over, or closes the channel after recording why the caller gets none.
 * The channel does the parking, the timeout, the caller's cancellation and deadline, and the race
 * between a hand-off and a caller giving up (the connection is then left in the channel, for
 * {@link #withdraw()} to return). The queue itself stays in {@link Slots}: which connection a caller
 * can take depends on its mode and on the pool's choice among idle ones, which a channel of idle
 * connections cannot express.
 */
final class Waiter {
    final boolean shared;
    private final Channel<Slot> handoff = Channel.create(1);
    private volatile RuntimeException failure;

    Waiter(boolean shared) {
        this.shared = shared;
    }

    /** Hands {@code slot} over; under the pool lock, once per waiter, so the one-item channel has room. */
    void grant(Slot slot) {
        handoff.trySend(slot);
    }

    /** Ends the wait with {@code error}; under the pool lock, after the waiter left the queue. */
    void fail(RuntimeException error) {
        failure = error;
        handoff.close();
    }

    /** Whether the pool ended the wait with an error. */
    boolean failed() {
        return failure != null;
    }

    /**
     * Waits up to {@code timeout} for a connection; empty when the time ran out. Blocks; ends with
     * {@code Cancelled} or {@code DeadlineExceeded} as the caller's weft-core scope says, and with the
     * pool's error when it {@link #fail failed} the wait.
     */
    Optional<Slot> await(Duration timeout) {
        try {
            return handoff.receive(timeout);
        } catch (ChannelClosed closed) {
            throw failure;
        }
    }

    /** After giving up (under the pool lock, out of the queue): the connection granted meanwhile, if any. */
    Optional<Slot> withdraw() {
        List<Slot> late = handoff.discard();
        return late.stream().findFirst();
    }
}
