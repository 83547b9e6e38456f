package dev.weft.pg.pool;

/**
 * One handler listening on one channel of a {@link PgPool}. Closing it stops delivery (queued
 * notifications are dropped) and, when it was the channel's last subscription, sends {@code UNLISTEN}.
 * Thread-safe.
 *
 * {@snippet :
 * try (Subscription sub = pool.listen("jobs", n -> jobs.wake())) {
 *     server.awaitShutdown();
 * }
 * }
 */
public interface Subscription extends AutoCloseable {
    /** The channel listened to. */
    String channel();

    /** Whether the subscription still delivers (not closed, pool not closed). */
    boolean isActive();

    /** Stops delivery and unlistens when this was the channel's last subscription. Idempotent. */
    @Override
    void close();
}
