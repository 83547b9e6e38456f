package dev.weft.core;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one implementation of {@link Offload}: a fixed pool fronted by a {@link CapacityLimiter} of the
 * same size, so the pool's queue never holds more than the work that is about to start.
 */
final class RealOffload implements Offload {
    static final RealOffload SHARED = new RealOffload(
            Integer.getInteger("weft.offload.threads", Runtime.getRuntime().availableProcessors()), "weft-cpu");

    private final int threads;
    private final CapacityLimiter slots;
    private final ThreadPoolExecutor pool;

    RealOffload(int threads, String name) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads <= 0: " + threads);
        }
        this.threads = threads;
        this.slots = CapacityLimiter.create(threads);
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name(name + "-", 1).factory());
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public <T> T call(Callable<T> work) {
        Objects.requireNonNull(work, "work");
        CapacityLimiter.Permit slot = slots.acquire();
        Scope callerScope = Scope.current();
        FutureTask<T> future = new FutureTask<>(() -> inScopeBelow(callerScope, work)) {
            @Override
            public void run() {
                // Released when the pool thread is really free, not when a cancelled caller stops waiting.
                try {
                    super.run();
                } finally {
                    slot.close();
                }
            }
        };
        try {
            pool.execute(future);
        } catch (RejectedExecutionException e) {
            slot.close();
            throw new IllegalStateException("offload pool is closed", e);
        }
        try {
            T result = future.get();
            // A cancelled caller may still see the work finish first (the work and the caller are woken
            // at once); cancellation wins, so the caller's outcome does not depend on that race.
            Cancellation.check();
            return result;
        } catch (InterruptedException e) {
            future.cancel(true);
            throw Scope.interrupted(e);
        } catch (ExecutionException e) {
            throw Scope.rethrow(e.getCause());
        }
    }

    /**
     * Runs {@code work} on the pool thread in a scope below the caller's: the work sees the caller's
     * deadline, {@link Cancellation#check()} works in its loops, and a cancellation interrupts it directly.
     */
    private static <T> T inScopeBelow(Scope callerScope, Callable<T> work) throws Exception {
        Scope scope = Scope.forTask(callerScope, Thread.currentThread());
        try {
            return ScopedValue.where(Scope.CURRENT, scope).call(work::call);
        } finally {
            scope.close();
        }
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
