package dev.weft.jobs;

/**
 * The code that runs a job of one kind: Celery's task function, Oban's {@code perform/1}. It runs on
 * a virtual thread of its own, under the kind's timeout; returning completes the job, throwing
 * anything fails the attempt (it is retried with backoff until the kind's attempts run out). A job
 * may run more than once (a worker that crashed mid-job is rescued when its lease expires), so a
 * handler must be idempotent: {@link JobContext#current()} gives the job's id for an idempotency key.
 * Blocking calls in it honour cancellation ({@link Jobs#cancel(long)}, shutdown, the timeout).
 *
 * {@snippet :
 * JobHandler<SendWelcome> handler = job -> mailer.send(job.userId(), "Welcome!");
 * }
 *
 * @param <T> the job's type: a record that Jackson maps to and from JSON
 */
@FunctionalInterface
public interface JobHandler<T> {
    /** Runs one attempt of {@code job}. */
    void run(T job) throws Exception;
}
