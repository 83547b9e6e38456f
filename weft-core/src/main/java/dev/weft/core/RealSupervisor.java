package dev.weft.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** The one implementation of {@link Supervisor}: a root cancel scope and a count of running tasks. */
final class RealSupervisor implements Supervisor, TaskOwner {
    private static final System.Logger LOG = System.getLogger(Supervisor.class.getName());

    private final String name;
    private final BiConsumer<String, Throwable> onFailure;
    private final Scope scope = Scope.root();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition taskEnded = lock.newCondition();
    /** Threads not yet finished, including their bookkeeping after the body. */
    private int running;
    /**
     * Threads whose body has ended but which may not have terminated yet: close() joins them, so that
     * no thread of the supervisor is alive once it returns. Pruned as tasks end, so it stays short.
     */
    private final List<Thread> ending = new ArrayList<>();
    private boolean closing;

    /** {@code onFailure} null means: log a warning. */
    RealSupervisor(String name, BiConsumer<String, Throwable> onFailure) {
        this.name = Objects.requireNonNull(name, "name");
        this.onFailure = onFailure != null ? onFailure
                : (task, failure) -> LOG.log(System.Logger.Level.WARNING,
                        "task " + task + " of supervisor " + name + " failed", failure);
    }

    @Override
    public <T> Task<T> spawn(String taskName, Callable<T> body) {
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(body, "body");
        lock.lock();
        try {
            if (closing) {
                throw new IllegalStateException("supervisor " + name + " is closed: cannot spawn " + taskName);
            }
            running++;
        } finally {
            lock.unlock();
        }
        RealTask<T> task;
        try {
            task = new RealTask<>(this, scope, taskName, body);
            task.start();
        } catch (RuntimeException | Error e) {
            taskEnded();
            throw e;
        }
        return task;
    }

    @Override
    public void taskFailed(RealTask<?> task, Throwable failure) {
        try {
            onFailure.accept(task.name(), failure);
        } catch (RuntimeException | Error e) {
            // The handler was the one place to report to; its own failure must not hide the task's.
            e.addSuppressed(failure);
            Thread current = Thread.currentThread();
            current.getUncaughtExceptionHandler().uncaughtException(current, e);
        }
    }

    @Override
    public void taskSettled() {
        // Nothing waits for outcomes here: close() and awaitIdle() wait for threads (taskEnded).
    }

    @Override
    public void taskEnded() {
        lock.lock();
        try {
            running--;
            ending.removeIf(thread -> !thread.isAlive());
            ending.add(Thread.currentThread());
            taskEnded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A supervised task answers for itself alone: its siblings' failures do not explain it. */
    @Override
    public RuntimeException joinFailure(RealTask<?> task, Supplier<Cancelled> otherwise) {
        Throwable failure = task.failure();
        if (failure != null) {
            throw Scope.rethrow(failure);
        }
        Cancellation.check();
        throw otherwise.get();
    }

    @Override
    public int activeTasks() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        lock.lock();
        try {
            return closing;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitIdle(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Cancellation.check();
        long end = System.nanoTime() + ScopedCall.saturatedNanos(timeout);
        int self = callerTasks();
        lock.lock();
        try {
            while (running > self) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                Scope.await(taskEnded, left);
            }
            return true;
        } catch (InterruptedException e) {
            throw Scope.interrupted(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        boolean first;
        lock.lock();
        try {
            first = !closing;
            closing = true;
        } finally {
            lock.unlock();
        }
        if (first) {
            scope.cancel(new Scope.Reason(false, "supervisor " + name + " closed"));
        }
        int self = callerTasks();
        List<Thread> toJoin;
        lock.lock();
        try {
            while (running > self) {
                taskEnded.awaitUninterruptibly();
            }
            toJoin = List.copyOf(ending);
        } finally {
            lock.unlock();
        }
        joinUninterruptibly(toJoin);
    }

    /** Waits for the last instructions of threads whose tasks have ended; they are not blocked on anything. */
    private static void joinUninterruptibly(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread != Thread.currentThread() && thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** 1 when the caller runs in one of this supervisor's tasks (or below one), which it cannot wait for. */
    private int callerTasks() {
        Scope current = Scope.current();
        return current != null && current.isWithin(scope) ? 1 : 0;
    }

    @Override
    public String toString() {
        return "Supervisor[" + name + ", " + activeTasks() + " active" + (isClosed() ? ", closed]" : "]");
    }
}
