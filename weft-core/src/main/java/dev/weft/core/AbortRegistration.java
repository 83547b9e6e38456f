package dev.weft.core;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One abort action registered with a scope through {@link Cancellation#onAbort(Runnable)}.
 *
 * <p>The action runs at most once. {@link #close()} and {@link #fire()} share a lock so that once
 * {@code close()} has returned the action will never start, and an action already running has
 * finished: a socket is never closed under a caller that has already moved on with it.
 */
final class AbortRegistration implements Cancellation.Registration {
    private final Scope scope;
    private final Runnable action;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean done;

    AbortRegistration(Scope scope, Runnable action) {
        this.scope = scope;
        this.action = action;
    }

    /** Runs the action unless closed or already run; false if it threw, so that the caller falls back. */
    boolean fire() {
        lock.lock();
        try {
            if (done) {
                return true;
            }
            done = true;
            action.run();
            return true;
        } catch (RuntimeException | Error e) {
            // The cancelling thread cannot report this to anyone: hand it to the uncaught handler, never drop it.
            Thread current = Thread.currentThread();
            current.getUncaughtExceptionHandler().uncaughtException(current, e);
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            done = true;
        } finally {
            lock.unlock();
        }
        scope.unregister(this);
    }
}
