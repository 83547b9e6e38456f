package dev.weft.api;

import dev.weft.core.Supervisor;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Runs background tasks in a core {@link Supervisor} the API owns: each on its own virtual thread, out
 * of reach of the request's deadline and cancellation, a failure logged with the task's name and never
 * affecting another task. Shutdown waits for the running ones up to the grace period, then cancels
 * what is left and waits for it to end. Thread-safe.
 */
final class BackgroundRunner {
    private static final System.Logger LOG = System.getLogger("dev.weft.api");
    private final Supervisor tasks = Supervisor.open("weft-api background",
            (name, failure) -> LOG.log(Level.ERROR, "background task " + name + " failed", failure));

    /** Starts {@code background}'s tasks; once shutdown began, they are logged and dropped. */
    void start(BackgroundTasks background) {
        for (BackgroundTasks.Entry entry : background.tasks()) {
            try {
                tasks.spawn(entry.name(), entry.task());
            } catch (IllegalStateException closed) {
                LOG.log(Level.WARNING, "background task " + entry.name() + " dropped: the API is shutting down");
            }
        }
    }

    /** Tasks running now. */
    int running() {
        return tasks.activeTasks();
    }

    /** Waits up to {@code grace} for the running tasks, then cancels the rest; true when all had ended by themselves. */
    boolean shutdown(Duration grace) {
        boolean idle = tasks.awaitIdle(grace);
        if (!idle) {
            LOG.log(Level.WARNING, tasks.activeTasks() + " background task(s) still running after " + grace + ": cancelled");
        }
        tasks.close();
        return idle;
    }
}
