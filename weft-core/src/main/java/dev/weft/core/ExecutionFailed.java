package dev.weft.core;

/**
 * The unchecked wrapper for a checked exception thrown by a body that Weft ran: a task, a
 * {@link Deadline} or {@link CancelScope} body, a member of {@link Concurrent#gather}, a
 * {@link Retry} attempt. Unchecked exceptions and errors are never wrapped; they propagate as they are.
 *
 * {@snippet :
 * try (var group = TaskGroup.open()) {
 *     group.spawn(() -> Files.readString(path));   // an IOException here...
 *     group.join();                                // ...arrives as ExecutionFailed with it as cause
 * } catch (ExecutionFailed e) {
 *     IOException io = (IOException) e.getCause();
 * }
 * }
 */
public class ExecutionFailed extends RuntimeException {
    /** Wraps {@code cause}, a checked exception, keeping its message. */
    public ExecutionFailed(Throwable cause) {
        super(String.valueOf(cause), cause);
    }
}
