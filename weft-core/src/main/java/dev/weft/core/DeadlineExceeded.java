package dev.weft.core;

/**
 * The unchecked exception a blocking call ends with when the current deadline has passed
 * (Trio's {@code TooSlowError}, asyncio's {@code TimeoutError} from {@code wait_for}).
 *
 * <p>It is a {@link Cancelled}: code that handles cancellation in general handles expiry too.
 *
 * {@snippet :
 * String body = Deadline.within(Duration.ofSeconds(2), () -> fetch(url)); // may throw DeadlineExceeded
 * }
 */
public class DeadlineExceeded extends Cancelled {
    /** Creates an expiry with a message naming the deadline that passed. */
    public DeadlineExceeded(String message) {
        super(message);
    }

    /** Creates an expiry with a message and the low-level exception (an interrupted read, say) it caused. */
    public DeadlineExceeded(String message, Throwable cause) {
        super(message, cause);
    }
}
