package dev.weft.jobs;

import dev.weft.core.CancelScope;
import dev.weft.core.Cancelled;
import dev.weft.core.CapacityLimiter;
import dev.weft.core.Deadline;
import dev.weft.core.ExecutionFailed;
import dev.weft.core.Supervisor;
import dev.weft.core.Task;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One attempt of one claimed job: runs its handler on a virtual thread of the instance's attempts
 * supervisor, under the kind's deadline, holding one permit of its queue, then writes the outcome.
 * It can be stopped from outside, for a user's cancel or for shutdown; the reason decides what is
 * written. The outcome is written shielded from cancellation (and bounded by its own deadline), so a
 * stopped attempt still leaves its row right.
 */
final class Attempt {
    /** Why an attempt was stopped from outside. */
    enum Stop {
        /** {@link Jobs#cancel(long)}: the row is already cancelled; nothing more to write. */
        CANCELLED,
        /** Shutdown: the job goes back to available, the attempt not counted. */
        SHUTDOWN
    }

    private static final System.Logger LOG = System.getLogger(Jobs.class.getName());
    /** The bound of the one statement that records an outcome. */
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);

    private final RealJobs jobs;
    private final JobStore.Claimed job;
    private final CapacityLimiter.Permit permit;
    private final ReentrantLock lock = new ReentrantLock();
    private Task<Void> task;
    private boolean started;
    private Stop stop;

    Attempt(RealJobs jobs, JobStore.Claimed job, CapacityLimiter.Permit permit) {
        this.jobs = jobs;
        this.job = job;
        this.permit = permit;
    }

    JobStore.Claimed job() {
        return job;
    }

    /**
     * Starts the attempt's thread. The lock is held until the task is known, so {@link #stop} never
     * sees a started attempt without its task.
     */
    void start(Supervisor attempts) {
        lock.lock();
        try {
            task = attempts.spawn("job " + job.id() + " (" + job.kind() + ", attempt " + job.attempt() + ")", this::run);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the attempt: cancels its handler if it runs, or keeps it from running. The first reason wins. */
    void stop(Stop why) {
        Task<Void> running;
        lock.lock();
        try {
            if (stop == null) {
                stop = why;
            }
            running = started ? task : null;
        } finally {
            lock.unlock();
        }
        if (running != null) {
            running.cancel();
        }
    }

    private Stop begin() {
        lock.lock();
        try {
            started = true;
            return stop;
        } finally {
            lock.unlock();
        }
    }

    private Stop stopReason() {
        lock.lock();
        try {
            return stop;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try (permit) {
            Stop early = begin();
            Throwable outcome = early == null ? runHandler() : new Cancelled("stopped before it started: " + early);
            CancelScope.shielded(() -> Deadline.within(SETTLE_TIMEOUT, () -> settle(outcome)));
        } catch (RuntimeException e) {
            // The outcome could not be written (database gone): the lease expires and the job is rescued.
            LOG.log(System.Logger.Level.WARNING, "job " + job.id() + ": outcome not recorded, left to lease expiry", e);
        } finally {
            jobs.ended(this);
        }
    }

    /** Runs the handler; returns what it threw, or null when it returned. */
    private Throwable runHandler() {
        Workers.Worker<?> worker = jobs.workers().forKind(job.kind());
        var context = new JobContext(job.id(), job.kind(), job.queue(), job.attempt(), job.maxAttempts());
        try {
            ScopedValue.where(JobContext.CURRENT, context).call(() -> Deadline.within(worker.timeout(), () -> {
                worker.run(jobs.workers().mapper(), job.json());
                return null;
            }));
            return null;
        } catch (ExecutionFailed e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Writes the outcome: success wins over a stop that came too late to matter. */
    private void settle(Throwable failure) {
        JobStore store = jobs.store();
        if (failure == null) {
            jobs.completions().add(job);
            return;
        }
        switch (stopReason()) {
            case CANCELLED -> { }
            case SHUTDOWN -> store.release(job, jobs.instance());
            case null -> store.fail(job, jobs.instance(), failure, jobs.backoff().pauseAfter(job.attempt()),
                    failure instanceof Workers.UnreadableJob);
        }
    }
}
