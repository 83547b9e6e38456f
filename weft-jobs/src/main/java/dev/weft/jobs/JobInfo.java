package dev.weft.jobs;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one row of the jobs table, as {@link Jobs#find(long)} reads it. Immutable.
 *
 * {@snippet :
 * JobInfo job = jobs.find(id).orElseThrow();
 * System.out.println(job.kind() + " " + job.state() + " attempt " + job.attempt() + "/" + job.maxAttempts());
 * }
 *
 * @param id          the job's id
 * @param queue       the queue it was enqueued on
 * @param kind        its kind (see {@link JobKind})
 * @param args        the job's JSON, as stored
 * @param state       its state
 * @param priority    its priority: lower runs first
 * @param attempt     attempts started so far
 * @param maxAttempts the most attempts it gets
 * @param runAt       when it is (or was) due
 * @param attemptedBy the worker instance of its last attempt, or null
 * @param errors      one entry per failed attempt, oldest first
 * @param createdAt   when it was enqueued
 * @param finishedAt  when it completed, was discarded or cancelled; null before
 */
public record JobInfo(long id, String queue, String kind, String args, JobState state, int priority, int attempt,
        int maxAttempts, Instant runAt, String attemptedBy, List<JobError> errors, Instant createdAt,
        Instant finishedAt) {
    /** Copies the errors. */
    public JobInfo {
        errors = List.copyOf(errors);
    }
}
