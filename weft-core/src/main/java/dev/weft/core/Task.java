package dev.weft.core;

/**
 * A task started by {@link TaskGroup#spawn}: the one future-like type in Weft's public API.
 * Thread-safe: any thread may join, inspect or cancel a task.
 *
 * {@snippet :
 * try (var group = TaskGroup.open()) {
 *     Task<User> user = group.spawn(() -> users.find(id));
 *     Task<List<Order>> orders = group.spawn(() -> orders.forUser(id));
 *     return new Profile(user.join(), orders.join());
 * }
 * }
 */
public interface Task<T> {
    /**
     * The life-cycle states of a task.
     *
     * {@snippet :
     * if (task.state() == Task.State.SUCCEEDED) use(task.result());
     * }
     */
    enum State {
        /** Started and not yet ended. */
        RUNNING,
        /** Ended by returning a value. */
        SUCCEEDED,
        /** Ended by throwing something other than the cancellation it was asked for. */
        FAILED,
        /** Ended because it, its group or an enclosing scope was cancelled. */
        CANCELLED
    }

    /**
     * Waits for the task to end and returns its value. Blocks; a cancellation of the caller ends the
     * wait with {@link Cancelled}.
     *
     * <p>When the task did not succeed and its group has failed, this throws the group's first failure
     * (the very exception {@link TaskGroup#close()} would throw, which then does not throw it a second
     * time); a task that was cancelled without any failure ends this call with {@link Cancelled}.
     */
    T join();

    /** The value of a task that has succeeded, without waiting; {@link IllegalStateException} in any other state. */
    T result();

    /** The current state; never blocks. */
    State state();

    /** Whether the task has ended, in whatever state. */
    default boolean isDone() {
        return state() != State.RUNNING;
    }

    /**
     * Asks the task to stop: its abort actions run or its thread is interrupted, and its next blocking
     * call throws {@link Cancelled}. Does not wait. A task that ends because of this is
     * {@link State#CANCELLED}, not a failure of its group. Idempotent; does nothing once the task ended.
     */
    void cancel();
}
