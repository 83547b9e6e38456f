package dev.weft.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * The owner of the background tasks of a long-lived object (a server's accept loop and connections, a
 * pool's maintenance, a LISTEN connection's reader, a WebSocket's reader and heartbeat, a client's
 * sweeper): Trio's "system nursery". Open one in the object's constructor, spawn its background work
 * into it, and close it in the object's {@code close()}: no task outlives the object.
 *
 * <p>It differs from a {@link TaskGroup} in three ways, all because its tasks are independent and live
 * as long as their owner rather than as long as one call:
 * <ul>
 * <li>Its tasks run in their own root cancel scope: the deadline and the cancellation of the thread
 *     that opened the supervisor (or spawned into it) do not reach them. Only {@link #close()} and
 *     {@link Task#cancel()} do.</li>
 * <li>A failing task does not cancel its siblings: its failure (anything but the {@link Cancelled} that
 *     {@code close()} or {@code cancel()} caused) goes to the failure handler, by default a
 *     {@link System.Logger} warning naming the task. {@link Task#join()} on it throws that failure.</li>
 * <li>Any thread may spawn and close, including the supervisor's own tasks.</li>
 * </ul>
 * Each task runs on a virtual thread named after the task. Thread-safe.
 *
 * {@snippet :
 * final class Server implements AutoCloseable {
 *     private final Supervisor tasks = Supervisor.open("http-server");
 *
 *     Server(ServerSocket listener) {
 *         tasks.spawn("accept", () -> {
 *             while (true) {
 *                 Socket socket = listener.accept();
 *                 tasks.spawn("connection " + socket.getRemoteSocketAddress(), () -> serve(socket));
 *             }
 *         });
 *     }
 *
 *     @Override
 *     public void close() {
 *         tasks.close();   // cancels the accept loop and every connection, and waits for them
 *     }
 * }
 * }
 */
public interface Supervisor extends AutoCloseable {
    /** Opens a supervisor whose task failures are logged as warnings; {@code name} appears in the log. */
    static Supervisor open(String name) {
        return new RealSupervisor(name, null);
    }

    /**
     * Opens a supervisor whose task failures go to {@code onFailure}, called with the task's name and
     * what it threw, on the failing task's thread before the task counts as ended. An exception thrown
     * by the handler goes to that thread's uncaught-exception handler, with the task's failure attached
     * as suppressed.
     */
    static Supervisor open(String name, BiConsumer<String, Throwable> onFailure) {
        return new RealSupervisor(name, Objects.requireNonNull(onFailure, "onFailure"));
    }

    /**
     * Starts {@code body} on a new virtual thread named {@code taskName} and returns its task. Does not
     * block. Checked exceptions from the body reach the failure handler wrapped in
     * {@link ExecutionFailed}.
     *
     * @throws IllegalStateException once {@link #close()} has begun
     */
    <T> Task<T> spawn(String taskName, Callable<T> body);

    /** Starts a body that returns nothing; see {@link #spawn(String, Callable)}. */
    default Task<Void> spawn(String taskName, CheckedRunnable body) {
        return spawn(taskName, ScopedCall.<Void>callable(body));
    }

    /** The tasks not yet ended: a task counts until its body has returned or thrown; a snapshot. */
    int activeTasks();

    /** Whether {@link #close()} has begun. */
    boolean isClosed();

    /**
     * Waits, without cancelling anything, until no task is running (a graceful drain) or
     * {@code timeout} passes; called from one of the supervisor's own tasks, it does not wait for that
     * task. Blocks; ends with {@link Cancelled} or {@link DeadlineExceeded} when the caller is
     * cancelled or reaches its deadline.
     *
     * @return true when idle, false when the time ran out first
     */
    boolean awaitIdle(Duration timeout);

    /**
     * Refuses new tasks, cancels every task and waits until all have ended, even if the caller is
     * cancelled meanwhile. Called from one of the supervisor's own tasks (or from a task below one),
     * it waits for all the others, not for the task it runs in, which is cancelled like the others.
     * Idempotent: every call returns once the tasks have ended.
     */
    @Override
    void close();
}
