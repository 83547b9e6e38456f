package dev.weft.pg.connection;

import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.protocol.Pipeline;
import dev.weft.pg.protocol.Request.Resend;
import org.junit.jupiter.api.Test;

import static dev.weft.pg.connection.ReaderRole.CANCEL_RESEND_NANOS;
import static dev.weft.pg.connection.ReaderRole.IDLE_WATCH_DELAY_NANOS;
import static org.assertj.core.api.Assertions.assertThat;

/** Who reads, and the watcher's clock for a caller reading its own answer; time is a number, no threads. */
class ReaderRoleTest {
    private static final long NONE = Long.MAX_VALUE;
    private static final long GRACE = 3_000_000_000L;

    private long now = 1_000_000_001L;
    private final ReaderRole role = new ReaderRole(GRACE, now);
    private final Pipeline<Exchange> pipeline = new Pipeline<>();

    @Test
    void aLoneCallerReadsItsOwnAnswerAndGivesTheRoleBackWithoutWakingTheWatcher() {
        var a = queued();
        assertThat(role.claimForCaller(a, NONE, true)).isTrue();
        assertThat(role.watcherNeeded(true, NONE)).isFalse();
        var b = queued();
        assertThat(role.claimForCaller(b, NONE, false)).as("someone reads already").isFalse();
        assertThat(role.releaseAfter(a, false, now)).isTrue();
        assertThat(role.watch(now, false)).as("B waits for a reader").isInstanceOf(ReaderRole.Read.class);
    }

    @Test
    void aCallerBehindOthersLeavesTheReadingToTheWatcher() {
        assertThat(role.claimForCaller(queued(), NONE, false)).isFalse();
        assertThat(role.watcherNeeded(false, NONE)).isTrue();
    }

    @Test
    void theWatcherReadsUnaskedMessagesOnlyAfterTheRoleStayedFree() {
        assertThat(role.watch(now, true)).isEqualTo(new ReaderRole.Sleep(now + IDLE_WATCH_DELAY_NANOS));
        now += IDLE_WATCH_DELAY_NANOS;
        assertThat(role.watch(now, true)).isInstanceOf(ReaderRole.Read.class);
        assertThat(role.claimForCaller(queued(), NONE, true)).as("the watcher is in the socket read").isFalse();
        assertThat(role.releaseAfter(null, false, now)).as("the watcher reads on while requests wait").isFalse();
        assertThat(role.releaseAfter(null, true, now)).isTrue();
    }

    @Test
    void theWatcherCancelsAReadingCallerAtItsDeadlineRepeatsAndGivesUpAfterTheGrace() {
        var a = queued();
        long deadline = now + 100_000_000L;
        role.claimForCaller(a, deadline, true);
        assertThat(role.watcherNeeded(true, deadline)).as("the watcher sleeps without a clock yet").isTrue();
        assertThat(role.watch(now, false)).isEqualTo(new ReaderRole.Sleep(now + IDLE_WATCH_DELAY_NANOS));
        now = deadline;
        assertThat(role.watch(now, false)).isEqualTo(new ReaderRole.Cancel(a));
        assertThat(pipeline.cancel(a, now)).isTrue();
        long sentAt = a.cancelSentAt();
        now += CANCEL_RESEND_NANOS;
        assertThat(role.watch(now, false)).as("a cancel between two queries is ignored: repeat it").isEqualTo(new ReaderRole.Cancel(a));
        now = sentAt + GRACE + 1;
        assertThat(role.watch(now, false)).isEqualTo(new ReaderRole.Fail(a));
    }

    @Test
    void aCancelFromOutsideStartsTheSameClock() {
        var a = queued();
        role.claimForCaller(a, NONE, true);
        pipeline.cancel(a, now); // weft-core's abort action
        assertThat(role.watch(now, false)).isEqualTo(new ReaderRole.Sleep(now + IDLE_WATCH_DELAY_NANOS));
        now += CANCEL_RESEND_NANOS;
        assertThat(role.watch(now, false)).isEqualTo(new ReaderRole.Cancel(a));
    }

    @Test
    void anEarlierDeadlineThanTheWatchersNextLookWakesIt() {
        role.watch(now, true); // sleeps until now + delay
        assertThat(role.claimForCaller(queued(), now + 1_000, true)).isTrue();
        assertThat(role.watcherNeeded(true, now + 1_000)).isTrue();
        assertThat(role.watcherNeeded(true, now + IDLE_WATCH_DELAY_NANOS + 1)).isFalse();
    }

    private Exchange queued() {
        var exchange = new Exchange(new WriteBuffer(8), true, Resend.NEVER);
        pipeline.enqueue(exchange, now);
        return exchange;
    }
}
