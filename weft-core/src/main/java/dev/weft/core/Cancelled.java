package dev.weft.core;

/**
 * The unchecked exception a Weft blocking call ends with when its task or scope was cancelled.
 *
 * {@snippet :
 * try (var group = TaskGroup.open()) {
 *     Task<String> slow = group.spawn(() -> { Thread.sleep(60_000); return "late"; });
 *     slow.cancel();                 // slow.join() now throws Cancelled
 * }
 * }
 */
public class Cancelled extends RuntimeException {
    public Cancelled(String message) {
        super(message);
    }

    public Cancelled(String message, Throwable cause) {
        super(message, cause);
    }
}
