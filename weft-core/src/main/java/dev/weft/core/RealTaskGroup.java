package dev.weft.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** The one implementation of {@link TaskGroup}: counts running tasks and keeps every failure. */
final class RealTaskGroup implements TaskGroup, TaskOwner {
    private final Thread opener = Thread.currentThread();
    private final Scope scope = Scope.forGroup();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition allEnded = lock.newCondition();
    /** Threads not yet finished, including their last bookkeeping: close() waits for zero. */
    private int running;
    /** Tasks without an outcome yet: what close() must cancel. A joined task is settled, maybe still running. */
    private int unsettled;
    private boolean closed;
    private Throwable firstFailure;
    private final List<Throwable> laterFailures = new ArrayList<>();
    private final Set<Throwable> attached = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean firstFailureThrownToOpener;
    /** Set for a group run by {@link #call}, which closes it itself when the body returns. */
    private boolean bodyManaged;

    /** The implementation of {@link TaskGroup#call}: Trio's nursery, with the body inside the group's scope. */
    static <T> T call(TaskGroup.Body<T> body) {
        Objects.requireNonNull(body, "body");
        Cancellation.check();
        RealTaskGroup group = new RealTaskGroup();
        group.bodyManaged = true;
        Scope bodyScope;
        try {
            bodyScope = Scope.forGroupBody(group.scope);
        } catch (Cancelled lateCancellation) {
            group.awaitAllAndClose();           // nothing was spawned: this only detaches the group's scope
            throw lateCancellation;
        }
        T value = null;
        Throwable bodyFailure = null;
        try {
            value = ScopedValue.where(Scope.CURRENT, bodyScope).call(() -> body.run(group));
        } catch (Throwable t) {
            bodyFailure = t;
        } finally {
            bodyScope.close();
        }
        return group.finish(value, bodyFailure);
    }

    /**
     * Ends a group whose body has returned or thrown: a body failure cancels the tasks, then every task
     * is waited for, and the one exception to report is chosen. A body that ended only because a task's
     * failure cancelled it is not reported; the task's failure is.
     */
    private <T> T finish(T value, Throwable bodyFailure) {
        boolean cancelledByTask = bodyFailure != null && hasFailed() && Scope.causedByCancellation(bodyFailure);
        if (bodyFailure != null && !cancelledByTask) {
            scope.cancel(new Scope.Reason(false, "cancelled because the task group's body failed: " + bodyFailure));
        }
        Throwable failure = awaitAllAndClose();
        if (failure != null) {
            if (bodyFailure != null && bodyFailure != failure && !cancelledByTask) {
                failure.addSuppressed(bodyFailure);
            }
            throw Scope.rethrow(failure);
        }
        if (bodyFailure instanceof InterruptedException e) {
            throw Scope.interrupted(e);
        }
        if (bodyFailure != null) {
            throw Scope.rethrow(bodyFailure);
        }
        Cancellation.check();
        return value;
    }

    private boolean hasFailed() {
        lock.lock();
        try {
            return firstFailure != null;
        } finally {
            lock.unlock();
        }
    }

    /** Waits (uninterruptibly: the tasks are cancelled or finishing) for every thread, then closes. */
    private Throwable awaitAllAndClose() {
        Throwable failure;
        lock.lock();
        try {
            while (running > 0) {
                allEnded.awaitUninterruptibly();
            }
            closed = true;
            failure = firstFailure;
            if (failure != null) {
                attachLaterFailures();
            }
        } finally {
            lock.unlock();
        }
        scope.close();
        return failure;
    }

    @Override
    public <T> Task<T> spawn(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("task group is closed: spawn inside its try-with-resources block");
            }
            running++;
            unsettled++;
        } finally {
            lock.unlock();
        }
        RealTask<T> task;
        try {
            task = new RealTask<>(this, scope, RealTask.nextName(), body);
            task.start();
        } catch (RuntimeException | Error e) {
            taskSettled();
            taskEnded();
            throw e;
        }
        return task;
    }

    @Override
    public void taskFailed(RealTask<?> task, Throwable failure) {
        boolean first;
        lock.lock();
        try {
            first = firstFailure == null;
            if (first) {
                firstFailure = failure;
            } else if (failure != firstFailure && !laterFailures.contains(failure)) {
                laterFailures.add(failure);
            }
        } finally {
            lock.unlock();
        }
        if (first) {
            scope.cancel(new Scope.Reason(false, "cancelled because a sibling task failed: " + failure));
        }
    }

    @Override
    public void taskSettled() {
        lock.lock();
        try {
            unsettled--;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void taskEnded() {
        lock.lock();
        try {
            if (--running == 0) {
                allEnded.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The group's first failure, whichever task threw it: a cancelled sibling is explained by it. */
    @Override
    public RuntimeException joinFailure(RealTask<?> task, Supplier<Cancelled> otherwise) {
        Throwable failure = takeFailure();
        if (failure != null) {
            throw Scope.rethrow(failure);
        }
        Cancellation.check();
        throw otherwise.get();
    }

    private Throwable takeFailure() {
        lock.lock();
        try {
            if (firstFailure == null) {
                return null;
            }
            attachLaterFailures();
            if (Thread.currentThread() == opener) {
                firstFailureThrownToOpener = true;
            }
            return firstFailure;
        } finally {
            lock.unlock();
        }
    }

    private void attachLaterFailures() {
        for (Throwable later : laterFailures) {
            if (attached.add(later)) {
                firstFailure.addSuppressed(later);
            }
        }
    }

    @Override
    public void join() {
        Cancellation.check();
        lock.lock();
        try {
            while (running > 0) {
                allEnded.await();
            }
        } catch (InterruptedException e) {
            throw Scope.interrupted(e);
        } finally {
            lock.unlock();
        }
        Throwable failure = takeFailure();
        if (failure != null) {
            throw Scope.rethrow(failure);
        }
        Cancellation.check();
    }

    @Override
    public void cancel() {
        scope.cancel(new Scope.Reason(false, "task group cancelled"));
    }

    @Override
    public void close() {
        if (bodyManaged) {
            throw new IllegalStateException("this task group closes by itself when the body given to TaskGroup.call/run returns");
        }
        if (Thread.currentThread() != opener) {
            throw new IllegalStateException("task group opened by " + opener + " cannot be closed by " + Thread.currentThread());
        }
        int unfinished;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            unfinished = unsettled;
        } finally {
            lock.unlock();
        }
        boolean stoppedOnPurpose = scope.effectiveReason() != null;
        if (unfinished > 0) {
            scope.cancel(new Scope.Reason(false, "task group closed before its tasks ended"));
        }
        Throwable failure = awaitAllAndClose();
        boolean alreadyThrown;
        lock.lock();
        try {
            alreadyThrown = firstFailureThrownToOpener;
            firstFailureThrownToOpener = true;
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            if (!alreadyThrown) {
                throw Scope.rethrow(failure);
            }
            return;
        }
        if (unfinished > 0 && !stoppedOnPurpose) {
            throw new IllegalStateException(unfinished + " task(s) were still running when the task group closed,"
                    + " so they were cancelled: call join() at the end of the block to wait for them,"
                    + " or cancel() to stop them on purpose");
        }
    }
}
