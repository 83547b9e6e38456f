package dev.weft.core;

/**
 * A one-shot flag that tasks can wait for: Trio's and asyncio's {@code Event}. Once set it stays
 * set; every waiter, present and future, goes through. Thread-safe.
 *
 * {@snippet :
 * Event ready = Event.create();
 * group.spawn(() -> { ready.await(); serve(); });   // blocks until set
 * warmUp();
 * ready.set();
 * }
 */
public interface Event {
    /** Creates an event that is not set. */
    static Event create() {
        return new RealEvent();
    }

    /** Sets the event and wakes every waiter; idempotent. */
    void set();

    /** Whether the event is set; never blocks. */
    boolean isSet();

    /**
     * Waits until the event is set; returns at once if it is. Blocks; ends with {@link Cancelled} or
     * {@link DeadlineExceeded} if the caller is cancelled while waiting.
     */
    void await();
}
