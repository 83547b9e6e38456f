package dev.weft.pg.pool;

import dev.weft.pg.PgConnection;
import dev.weft.pg.ServerMessage;

import java.util.function.Consumer;

/**
 * The pool's termination and notice listeners, attached to every connection the pool opens (the LISTEN
 * connection included). The listeners can be replaced at any time, so each connection forwards to
 * whatever is current. Thread-safe.
 */
final class PoolEvents {
    private volatile Consumer<Termination> terminationListener = termination -> { };
    private volatile Consumer<ServerMessage> noticeListener = notice -> { };

    void onTermination(Consumer<Termination> listener) {
        terminationListener = listener == null ? termination -> { } : listener;
    }

    void onNotice(Consumer<ServerMessage> listener) {
        noticeListener = listener == null ? notice -> { } : listener;
    }

    /**
     * Makes {@code connection} report to the current listeners, and run {@code onEnd} (which must not
     * block) when it ends for whatever reason. A deliberate close (the pool retiring a connection) ends
     * with a null cause and is not a termination.
     */
    void attach(PgConnection connection, Runnable onEnd) {
        int processId = connection.processId();
        connection.onNotice(notice -> noticeListener.accept(notice));
        connection.onClose(cause -> {
            onEnd.run();
            if (cause != null) {
                terminationListener.accept(new Termination(processId, cause));
            }
        });
    }
}
