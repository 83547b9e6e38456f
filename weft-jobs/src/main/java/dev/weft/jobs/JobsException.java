package dev.weft.jobs;

/**
 * The unchecked root of weft-jobs' own failures: a job that cannot be turned into JSON, a kind with
 * no worker, a job read back that cannot be mapped to its type. Database errors arrive as weft-pg's
 * {@code PgException}.
 *
 * {@snippet :
 * try {
 *     jobs.enqueue(new Report(unserialisable));
 * } catch (JobsException e) {
 *     log.error("not enqueued: {}", e.getMessage());
 * }
 * }
 */
public class JobsException extends RuntimeException {
    /** Creates the exception with a message naming the job or kind at fault. */
    public JobsException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the failure behind it. */
    public JobsException(String message, Throwable cause) {
        super(message, cause);
    }
}
