package dev.weft.jobs;

import dev.weft.core.CancelScope;
import dev.weft.core.CapacityLimiter;
import dev.weft.core.Cancellation;
import dev.weft.core.Channel;
import dev.weft.core.Deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fetch loop of one queue in one instance: takes free slots of the queue's concurrency limit,
 * claims that many due jobs with one {@code UPDATE ... FOR UPDATE SKIP LOCKED}, starts an
 * {@link Attempt} for each, and when the queue ran dry waits for a NOTIFY ({@link #wake()}) or the
 * poll interval, whichever comes first. A claimed job is never left unstarted: the claim runs shielded
 * from cancellation, so shutdown cannot cut it between the database's answer and the start.
 */
final class QueueRunner {
    private static final System.Logger LOG = System.getLogger(Jobs.class.getName());
    /** The most jobs one claim takes, whatever the concurrency, to keep one statement short. */
    private static final int MAX_CLAIM = 100;
    /**
     * After a claim that filled every free slot (a backlog is likely), the most the next claim waits for
     * half the slots to free up, so that one statement claims many jobs instead of one.
     */
    private static final Duration BACKLOG_COOLDOWN = Duration.ofMillis(10);

    private final RealJobs jobs;
    private final String queue;
    private final CapacityLimiter slots;
    private final Channel<Boolean> wakeUps = Channel.create(1);

    QueueRunner(RealJobs jobs, String queue, int concurrency) {
        this.jobs = jobs;
        this.queue = queue;
        this.slots = CapacityLimiter.create(concurrency);
    }

    String queue() {
        return queue;
    }

    /** Makes the loop look for jobs now; never blocks. Wake-ups that arrive while it works are merged. */
    void wake() {
        wakeUps.trySend(Boolean.TRUE);
    }

    /** Runs until cancelled. */
    void loop() {
        List<String> kinds = jobs.workers().kinds();
        boolean backlog = false;
        while (true) {
            List<CapacityLimiter.Permit> permits = takeSlots(backlog);
            List<JobStore.Claimed> claimed;
            try {
                claimed = CancelScope.shielded(() -> Deadline.within(Attempt.SETTLE_TIMEOUT,
                        () -> jobs.store().claim(queue, kinds, permits.size(), jobs.instance(), jobs.lease())));
            } catch (RuntimeException e) {
                permits.forEach(CapacityLimiter.Permit::close);
                if (!Cancellation.isCancelled()) {
                    LOG.log(System.Logger.Level.WARNING, "queue " + queue + ": fetching failed, trying again after the poll interval", e);
                }
                wakeUps.receive(jobs.pollInterval());       // ends with Cancelled when the loop is stopped
                continue;
            }
            for (int i = 0; i < permits.size(); i++) {
                if (i < claimed.size()) {
                    jobs.startAttempt(new Attempt(jobs, claimed.get(i), permits.get(i)));
                } else {
                    permits.get(i).close();
                }
            }
            backlog = claimed.size() == permits.size();
            if (!backlog) {
                wakeUps.receive(jobs.pollInterval());
            }
        }
    }

    /**
     * Waits for one free slot, then takes every other free one, up to {@link #MAX_CLAIM}. Under a
     * backlog it first waits (at most {@link #BACKLOG_COOLDOWN}) until half the slots are free, so that
     * one statement claims many jobs rather than one job per freed slot.
     */
    private List<CapacityLimiter.Permit> takeSlots(boolean backlog) {
        List<CapacityLimiter.Permit> permits = new ArrayList<>();
        permits.add(slots.acquire());
        int half = Math.min(MAX_CLAIM, slots.capacity() / 2);
        if (backlog && half > 1) {
            try {
                Deadline.moveOnAfter(BACKLOG_COOLDOWN, () -> {
                    while (permits.size() < half) {
                        permits.add(slots.acquire());
                    }
                });
            } catch (RuntimeException e) {       // the loop was cancelled while waiting
                permits.forEach(CapacityLimiter.Permit::close);
                throw e;
            }
        }
        while (permits.size() < MAX_CLAIM) {
            Optional<CapacityLimiter.Permit> more = slots.tryAcquire();
            if (more.isEmpty()) {
                break;
            }
            permits.add(more.get());
        }
        return permits;
    }
}
