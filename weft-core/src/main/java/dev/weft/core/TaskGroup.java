package dev.weft.core;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A nursery (Trio), or asyncio's {@code TaskGroup}: the scope that owns concurrently running tasks, each
 * on its own virtual thread. Used once: either opened with {@link #open()} for a try-with-resources
 * block in the opening thread, or run with {@link #run}/{@link #call}, which hand it to a body.
 *
 * <ul>
 * <li>The first task to fail cancels its siblings; the group then throws that failure, with every
 *     later failure attached as suppressed. Tasks that end {@link Cancelled} because of the group's
 *     (or an enclosing scope's) cancellation are not failures and are not reported.</li>
 * <li>Tasks inherit the opener's cancel scope and deadline: cancelling the enclosing scope cancels them.</li>
 * <li>{@link #join()} waits for every task. {@link #close()} waits too, but first cancels tasks still
 *     running: Java tells {@code close()} nothing about an exception leaving the block, so close treats
 *     unfinished tasks as abandoned, which is what makes a failure in the block's body cancel the
 *     children. If the block ended normally with tasks unfinished (a missing {@code join()}), close
 *     then throws {@link IllegalStateException} so the lost work is never silent.</li>
 * <li>In the try-with-resources form the block's own code is not inside the group's scope: a failing
 *     task cancels its siblings, and the block learns of it at its next {@code join()}. When the block
 *     blocks on anything else, use {@link #run}/{@link #call}, which cancel the body too.</li>
 * <li>No task outlives its group: {@code close()} returns only after every task has ended.</li>
 * <li>Checked exceptions thrown by a task arrive wrapped in {@link ExecutionFailed}.</li>
 * </ul>
 * Thread-safe: tasks may spawn siblings and any thread may join or cancel; only the opener may close.
 *
 * {@snippet :
 * try (var group = TaskGroup.open()) {
 *     for (String url : urls) {
 *         group.spawn(() -> fetchAndStore(url));
 *     }
 *     group.join();                 // waits for all; throws the first failure
 * }
 * }
 */
public interface TaskGroup extends AutoCloseable {
    /** Opens a group whose tasks run below the current thread's cancel scope. */
    static TaskGroup open() {
        return new RealTaskGroup();
    }

    /**
     * Runs {@code body} with a new group and returns its value once every task has ended: Trio's
     * nursery exactly. Unlike the try-with-resources form, the body runs inside the group's cancel
     * scope and its outcome is known, so:
     * <ul>
     * <li>a body that returns waits for the tasks, with no {@code join()} needed;</li>
     * <li>a failing task cancels the body too, wherever it is blocked, and that task's failure is
     *     what this call throws (the body's resulting {@link Cancelled} is not reported);</li>
     * <li>a failing body cancels the tasks and is thrown; if a task failed too, the task's failure is
     *     thrown instead, with the body's attached as suppressed.</li>
     * </ul>
     * The group closes by itself: calling {@link #close()} on it throws {@link IllegalStateException}.
     * Checked exceptions from the body arrive wrapped in {@link ExecutionFailed}.
     *
     * {@snippet :
     * TaskGroup.run(group -> {
     *     group.spawn(() -> pumpFrames(socket, outbound));   // if this fails...
     *     for (Frame frame : inbound) handle(frame);           // ...this loop is cancelled
     * });
     * }
     */
    static <T> T call(Body<T> body) {
        return RealTaskGroup.call(body);
    }

    /** Runs a body that returns nothing like {@link #call(Body)}. */
    static void run(Action body) {
        Objects.requireNonNull(body, "body");
        RealTaskGroup.call(group -> {
            body.run(group);
            return null;
        });
    }

    /**
     * The body of {@link #call(Body)}: receives the group, may spawn into it, block and throw.
     *
     * {@snippet :
     * TaskGroup.Body<Integer> body = group -> group.spawn(() -> 6 * 7).join();
     * }
     */
    @FunctionalInterface
    interface Body<T> {
        /** Runs on the calling thread, inside the group's cancel scope. */
        T run(TaskGroup group) throws Exception;
    }

    /**
     * The body of {@link #run(Action)}: like {@link Body}, returning nothing.
     *
     * {@snippet :
     * TaskGroup.Action action = group -> group.spawn(() -> Thread.sleep(10));
     * }
     */
    @FunctionalInterface
    interface Action {
        /** Runs on the calling thread, inside the group's cancel scope. */
        void run(TaskGroup group) throws Exception;
    }

    /**
     * Starts {@code body} on a new virtual thread in this group and returns its task. A task spawned into
     * a group that is already cancelled or failing starts {@link Task.State#CANCELLED} without running.
     *
     * @throws IllegalStateException if the group has closed
     */
    <T> Task<T> spawn(Callable<T> body);

    /** Starts a body that returns nothing; see {@link #spawn(Callable)}. */
    default Task<Void> spawn(CheckedRunnable body) {
        return spawn(ScopedCall.<Void>callable(body));
    }

    /**
     * Waits until every task spawned so far (and every task they spawn) has ended, then throws the
     * group's first failure if there was one, or the caller's own cancellation. Blocks; may be called
     * more than once.
     */
    void join();

    /**
     * Cancels every task of the group (Trio's {@code nursery.cancel_scope.cancel()}); tasks spawned later
     * start cancelled. Does not wait. A deliberate cancel is not a failure: {@code join()} and
     * {@code close()} then return normally unless a task failed.
     */
    void cancel();

    /**
     * Cancels the tasks still running, waits until every task has ended, then throws the first failure
     * with the others suppressed (unless {@link Task#join()} or {@link #join()} already threw it to the
     * opener). Waits even if the caller is cancelled meanwhile, so that no task outlives the group.
     *
     * @throws IllegalStateException if called by another thread than the opener, or if tasks were still
     *         running although the group was neither cancelled nor failing (a forgotten {@code join()})
     */
    @Override
    void close();
}
