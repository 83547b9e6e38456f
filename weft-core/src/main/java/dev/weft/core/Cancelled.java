package dev.weft.core;

/**
 * The unchecked exception a Weft blocking call ends with when its task or scope was cancelled.
 *
 * <p>A task that ends with {@code Cancelled} because its own task, its group or an enclosing scope was
 * cancelled is reported as {@link Task.State#CANCELLED}, not as a failure. Instances are not shared
 * between threads: every blocking call that notices a cancellation throws a fresh one.
 *
 * {@snippet :
 * try (var group = TaskGroup.open()) {
 *     Task<String> slow = group.spawn(() -> { Thread.sleep(60_000); return "late"; });
 *     slow.cancel();                 // slow.join() now throws Cancelled
 *     group.join();
 * }
 * }
 */
public class Cancelled extends RuntimeException {
    /** Creates a cancellation with a message saying who cancelled and why. */
    public Cancelled(String message) {
        super(message);
    }

    /** Creates a cancellation with a message and the low-level exception the cancellation caused. */
    public Cancelled(String message, Throwable cause) {
        super(message, cause);
    }
}
