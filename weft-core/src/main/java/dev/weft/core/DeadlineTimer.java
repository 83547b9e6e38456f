package dev.weft.core;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer that drives every deadline in the JVM.
 *
 * <p>Why one shared daemon scheduler rather than a sleeping virtual thread per deadline: most deadlines
 * never fire (the body finishes first), and removing a heap entry on scope exit is far cheaper than
 * starting, interrupting and joining a thread; the heap also keeps the cost at O(log n) for tens of
 * thousands of concurrent deadlines. The timer thread itself never runs user code: expiry may run abort
 * actions that block (the PostgreSQL driver connects to send a CancelRequest), so each expiry is handed
 * to a fresh virtual thread and the timer stays punctual.
 */
final class DeadlineTimer {
    private static final ScheduledThreadPoolExecutor TIMER = create();

    private DeadlineTimer() {
    }

    private static ScheduledThreadPoolExecutor create() {
        var executor = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("weft-deadline-timer").factory());
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    static ScheduledFuture<?> schedule(Scope scope, long delayNanos) {
        return TIMER.schedule(() -> Thread.ofVirtual().name("weft-deadline-expiry").start(scope::expire),
                Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }
}
