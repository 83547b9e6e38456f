package dev.weft.pg.connection;

import dev.weft.pg.Notification;
import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The user's hooks on one session: notices and notifications, told on whichever thread reads the
 * socket (the watcher, or a caller reading its own answer), and the end of the session, told once.
 * A hook's exception goes to the thread's uncaught-exception handler: it must not break the session.
 * Thread-safe.
 */
final class SessionListeners {
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Consumer<ServerMessage> notice = n -> { };
    private volatile Consumer<Notification> notification = n -> { };
    private Consumer<PgException> close = cause -> { };
    private boolean ended;
    private PgException endCause;

    void onNotice(Consumer<ServerMessage> listener) {
        notice = listener == null ? n -> { } : listener;
    }

    void onNotification(Consumer<Notification> listener) {
        notification = listener == null ? n -> { } : listener;
    }

    /** Sets the listener told once when the session ends (null cause after its user closed it); told at once if it has. */
    void onClose(Consumer<PgException> listener) {
        Consumer<PgException> effective = listener == null ? cause -> { } : listener;
        boolean alreadyEnded;
        PgException cause;
        lock.lock();
        try {
            close = effective;
            alreadyEnded = ended;
            cause = endCause;
        } finally {
            lock.unlock();
        }
        if (alreadyEnded) {
            deliver(effective, cause);
        }
    }

    void notice(ServerMessage message) {
        deliver(notice, message);
    }

    void notification(Notification value) {
        deliver(notification, value);
    }

    /** The session ended with {@code cause} (null: closed by its user); tells the close listener the first time. */
    void ended(PgException cause) {
        Consumer<PgException> listener;
        lock.lock();
        try {
            if (ended) {
                return;
            }
            ended = true;
            endCause = cause;
            listener = close;
        } finally {
            lock.unlock();
        }
        deliver(listener, cause);
    }

    private static <T> void deliver(Consumer<T> listener, T value) {
        try {
            listener.accept(value);
        } catch (RuntimeException e) {
            // A listener's bug must not break the session; it has no one else to report to.
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
        }
    }
}
