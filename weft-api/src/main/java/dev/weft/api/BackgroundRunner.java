package dev.weft.api;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs background tasks, each on its own virtual thread, and keeps count of them so that shutdown can
 * wait for the running ones (bounded by the grace period) and refuse new ones. A failure is logged with
 * the task's name, never lost. Thread-safe.
 */
final class BackgroundRunner {
    private static final System.Logger LOG = System.getLogger("dev.weft.api");
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int running;
    private boolean closed;

    /** Starts {@code tasks}; after {@link #shutdown} began, they are logged and dropped. */
    void start(BackgroundTasks tasks) {
        for (BackgroundTasks.Entry entry : tasks.tasks()) {
            lock.lock();
            try {
                if (closed) {
                    LOG.log(Level.WARNING, "background task " + entry.name() + " dropped: the API is shutting down");
                    continue;
                }
                running++;
            } finally {
                lock.unlock();
            }
            Thread.ofVirtual().name("weft-api background " + entry.name()).start(() -> run(entry));
        }
    }

    private void run(BackgroundTasks.Entry entry) {
        try {
            entry.task().run();
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "background task " + entry.name() + " failed", t);
        } finally {
            lock.lock();
            try {
                if (--running == 0) {
                    idle.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Tasks running now. */
    int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new tasks and waits up to {@code grace} for the running ones; true when none is left. */
    boolean shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        lock.lock();
        try {
            closed = true;
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.log(Level.WARNING, running + " background task(s) still running after " + grace);
                    return false;
                }
                idle.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
