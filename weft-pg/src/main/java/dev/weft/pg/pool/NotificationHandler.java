package dev.weft.pg.pool;

import dev.weft.pg.Notification;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Receives the notifications of one {@link PgPool#listen(String, NotificationHandler) subscription}.
 * Calls come one at a time and in order, on a virtual thread of the subscription's own (never on the
 * connection's reader), so a handler may block: only its own subscription waits. An exception from a
 * handler goes to its thread's uncaught-exception handler and delivery goes on.
 *
 * {@snippet :
 * pool.listen("orders", NotificationHandler.of(
 *         n -> cache.evict(n.payload()),
 *         gap -> cache.clear()));            // something may have been missed: start over
 * }
 */
@FunctionalInterface
public interface NotificationHandler {
    /** Handles one notification. */
    void onNotification(Notification notification);

    /**
     * Called when notifications may have been missed (connection lost, or this handler fell too far
     * behind); later notifications keep coming. Does nothing by default.
     */
    default void onGap(ListenGap gap) {
    }

    /** A handler made of two lambdas. */
    static NotificationHandler of(Consumer<Notification> onNotification, Consumer<ListenGap> onGap) {
        Objects.requireNonNull(onNotification, "onNotification");
        Objects.requireNonNull(onGap, "onGap");
        return new NotificationHandler() {
            @Override
            public void onNotification(Notification notification) {
                onNotification.accept(notification);
            }

            @Override
            public void onGap(ListenGap gap) {
                onGap.accept(gap);
            }
        };
    }
}
