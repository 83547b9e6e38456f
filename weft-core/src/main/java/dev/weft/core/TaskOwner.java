package dev.weft.core;

import java.util.function.Supplier;

/**
 * What a {@link RealTask} reports to the one that spawned it: a {@link RealTaskGroup}, where a failure
 * cancels the siblings, or a {@link RealSupervisor}, where it goes to a handler and the siblings run on.
 */
interface TaskOwner {
    /** The body of {@code task} threw something other than the cancellation it was asked for. */
    void taskFailed(RealTask<?> task, Throwable failure);

    /** Called once per task, before anyone can see its outcome. */
    void taskSettled();

    /** Called once per task as the last thing its thread does. */
    void taskEnded();

    /**
     * What joining {@code task}, which did not succeed, throws: a failure that explains it, else
     * the caller's own cancellation, else {@code otherwise}.
     */
    RuntimeException joinFailure(RealTask<?> task, Supplier<Cancelled> otherwise);
}
