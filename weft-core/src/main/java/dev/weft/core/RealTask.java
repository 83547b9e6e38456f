package dev.weft.core;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The one implementation of {@link Task}: a body, its virtual thread and its cancel scope. */
final class RealTask<T> implements Task<T> {
    /** Threads started by task groups and supervisors and not yet ended; the tests' leak check reads it. */
    static final AtomicInteger LIVE_THREADS = new AtomicInteger();
    private static final AtomicLong IDS = new AtomicLong();

    private final TaskOwner owner;
    private final Callable<T> body;
    private final Thread thread;
    private final Scope scope;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile State state = State.RUNNING;
    private T value;
    private volatile Throwable failure;

    /** A task named {@code name} (its thread's name), whose scope hangs below {@code ownerScope}. */
    RealTask(TaskOwner owner, Scope ownerScope, String name, Callable<T> body) {
        this.owner = owner;
        this.body = body;
        this.thread = Thread.ofVirtual().name(name).unstarted(this::run);
        this.scope = Scope.forTask(ownerScope, thread);
    }

    /** A fresh name for a task that was given none. */
    static String nextName() {
        return "weft-task-" + IDS.incrementAndGet();
    }

    void start() {
        LIVE_THREADS.incrementAndGet();
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            LIVE_THREADS.decrementAndGet();
            scope.close();
            throw e;
        }
    }

    private void run() {
        try {
            if (scope.effectiveReason() != null) {
                end(State.CANCELLED);
                return;
            }
            value = ScopedValue.where(Scope.CURRENT, scope).call(body::call);
            end(State.SUCCEEDED);
        } catch (Throwable t) {
            if (scope.effectiveReason() != null && Scope.causedByCancellation(t)) {
                end(State.CANCELLED);
            } else {
                failure = Scope.unchecked(t);
                owner.taskFailed(this, failure);
                end(State.FAILED);
            }
        } finally {
            scope.close();
            LIVE_THREADS.decrementAndGet();
            owner.taskEnded();
        }
    }

    private void end(State outcome) {
        owner.taskSettled();
        state = outcome;
        ended.countDown();
    }

    @Override
    public T join() {
        if (ended.getCount() > 0) {
            Cancellation.check();
            try {
                ended.await();
            } catch (InterruptedException e) {
                throw Scope.interrupted(e);
            }
        }
        if (state == State.SUCCEEDED) {
            return value;
        }
        throw owner.joinFailure(this, () -> new Cancelled(thread.getName() + " was cancelled"));
    }

    /** What the body threw, made unchecked, if it failed; null otherwise. */
    Throwable failure() {
        return failure;
    }

    String name() {
        return thread.getName();
    }

    @Override
    public T result() {
        State now = state;
        if (now != State.SUCCEEDED) {
            throw new IllegalStateException(thread.getName() + " has no result: it is " + now);
        }
        return value;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public void cancel() {
        scope.cancel(new Scope.Reason(false, thread.getName() + " cancelled"));
    }

    @Override
    public String toString() {
        return thread.getName() + "[" + state + "]";
    }
}
