package dev.weft.pg.pool;

import java.time.Instant;
import java.util.Objects;

/**
 * A stretch of time during which notifications on a channel may have been missed; handed to
 * {@link NotificationHandler#onGap} so that the subscriber can catch up (re-read the state the
 * notifications describe). Immutable.
 *
 * @param channel the channel of the subscription
 * @param reason  why notifications may be missing
 * @param from    when the gap began (the connection was found lost, or the first notification was dropped)
 * @param to      when it ended (LISTEN was active again, or the handler's queue had room again)
 */
public record ListenGap(String channel, Reason reason, Instant from, Instant to) {
    /** Validates the parts; {@code to} must not precede {@code from}. */
    public ListenGap {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("gap ends " + to + " before it begins " + from);
        }
    }

    /** Why a gap happened. */
    public enum Reason {
        /** The LISTEN connection was lost; the listener reconnected and listens again. */
        CONNECTION_LOST,
        /** The handler was too slow: its queue was full and notifications were dropped. */
        OVERFLOW
    }
}
