package dev.weft.jobs;

import dev.weft.core.Channel;
import dev.weft.core.ChannelClosed;
import dev.weft.core.Supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records completed attempts in batches: a finished handler hands its job over and frees its slot at
 * once, and one task writes whatever has gathered with one {@code UPDATE ... FROM unnest(...)}. Under
 * load that turns one commit per job into one per batch. A completion that is lost (the process dies
 * before the write) leaves the job running until its lease expires and it runs again: at least once,
 * as everywhere else. {@link #close} writes everything handed over before it returns.
 */
final class Completions {
    private static final System.Logger LOG = System.getLogger(Jobs.class.getName());
    /** Completions waiting at most: a full buffer makes finished handlers wait (backpressure). */
    private static final int BUFFER = 10_000;
    /** Completions one statement writes at most. */
    private static final int MAX_BATCH = 1_000;

    private final RealJobs jobs;
    private final Channel<JobStore.Claimed> pending = Channel.create(BUFFER);
    private final Supervisor writer = Supervisor.open("weft-jobs completions");

    Completions(RealJobs jobs) {
        this.jobs = jobs;
        writer.spawn("write completions", this::writeUntilClosed);
    }

    /** Hands a completed attempt over; blocks only while the buffer is full. */
    void add(JobStore.Claimed job) {
        pending.send(job);
    }

    private void writeUntilClosed() {
        for (JobStore.Claimed first : pending) {
            List<JobStore.Claimed> batch = new ArrayList<>();
            batch.add(first);
            while (batch.size() < MAX_BATCH) {
                Optional<JobStore.Claimed> next = tryNext();
                if (next.isEmpty()) {
                    break;
                }
                batch.add(next.get());
            }
            try {
                jobs.store().completeAll(batch, jobs.instance());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, batch.size() + " completions not recorded; those jobs will run again"
                        + " when their leases expire", e);
            }
        }
    }

    /** The next completion already handed over, if any; none once the channel is closed and drained. */
    private Optional<JobStore.Claimed> tryNext() {
        try {
            return pending.tryReceive();
        } catch (ChannelClosed closedAndDrained) {
            return Optional.empty();     // the batch in hand is the last one
        }
    }

    /** Stops taking completions, writes those handed over (waiting up to {@code timeout}), and ends the writer. */
    void close(Duration timeout) {
        pending.close();
        if (!writer.awaitIdle(timeout)) {
            LOG.log(System.Logger.Level.WARNING, "completions not all recorded within " + timeout + "; those jobs will run again");
        }
        writer.close();
    }
}
