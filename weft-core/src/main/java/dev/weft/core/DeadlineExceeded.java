package dev.weft.core;

/**
 * The unchecked exception a blocking call ends with when the current deadline has passed
 * (Trio's {@code TooSlowError}, asyncio's {@code TimeoutError} from {@code wait_for}).
 *
 * {@snippet :
 * String body = Deadline.within(Duration.ofSeconds(2), () -> fetch(url)); // may throw DeadlineExceeded
 * }
 */
public class DeadlineExceeded extends Cancelled {
    public DeadlineExceeded(String message) {
        super(message);
    }
}
