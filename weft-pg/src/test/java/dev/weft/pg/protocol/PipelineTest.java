package dev.weft.pg.protocol;

import dev.weft.pg.PgException;
import dev.weft.pg.PgProtocolException;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.TransactionStatus;
import dev.weft.pg.error.AdminShutdown;
import dev.weft.pg.protocol.BackendMessage.*;
import dev.weft.pg.protocol.Pipeline.Completion;
import dev.weft.pg.protocol.Pipeline.CopyChunk;
import dev.weft.pg.protocol.Pipeline.CopyStarted;
import dev.weft.pg.protocol.Pipeline.Notice;
import dev.weft.pg.protocol.Pipeline.Notify;
import dev.weft.pg.protocol.Pipeline.ParameterChanged;
import dev.weft.pg.protocol.Request.Resend;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.weft.pg.protocol.Pipeline.STRAY_SLACK_NANOS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session's state machine fed message sequences, with no server and no threads; time is a number. */
class PipelineTest {
    private static final long MS = 1_000_000L;
    private static final BackendMessage ROW = new DataRow(new byte[0], new int[0], new int[0]);

    private final Pipeline<Request> pipeline = new Pipeline<>();
    private long now = 1_000 * MS + 1; // odd, as the pipeline keeps its timestamps (0 means none)

    @Test
    void answersEndRequestsInTheOrderTheyWereQueued() {
        var a = queued(Resend.WHOLE);
        var b = queued(Resend.WHOLE);
        feed(new ParseComplete(), new BindComplete(), ROW, ROW, new CommandComplete("SELECT 2"));
        assertThat(ready('I').done()).isSameAs(a);
        feed(new BindComplete(), ROW, new CommandComplete("SELECT 1"));
        assertThat(ready('I').done()).isSameAs(b);
        assertThat(a.rows()).hasSize(2);
        assertThat(a.parsed()).isTrue();
        assertThat(b.rows()).hasSize(1);
        assertThat(b.lastCount()).isEqualTo(1);
        assertThat(a.isDone() && b.isDone()).isTrue();
        assertThat(pipeline.isEmpty()).isTrue();
    }

    @Test
    void aRequestRunForItsCountDropsItsRows() {
        var r = new Request(false, false, Resend.NEVER);
        pipeline.enqueue(r, now);
        feed(ROW, ROW, new CommandComplete("UPDATE 2"));
        ready('I');
        assertThat(r.rows()).isEmpty();
        assertThat(r.counts()).containsExactly(2L);
    }

    @Test
    void theTransactionStatusFollowsReadyForQueryAndEachRequestKnowsTheOneBeforeIt() {
        var begin = queued(Resend.NEVER);
        var insert = queued(Resend.NEVER);
        feed(new CommandComplete("BEGIN"));
        ready('T');
        assertThat(pipeline.transactionStatus()).isEqualTo(TransactionStatus.IN_TRANSACTION);
        feed(error("23505"));
        ready('E');
        assertThat(pipeline.transactionStatus()).isEqualTo(TransactionStatus.FAILED);
        assertThat(begin.statusBefore).isEqualTo('I');
        assertThat(insert.statusBefore).isEqualTo('T');
        assertThat(insert.transactionStatus()).isEqualTo('E');
        assertThatThrownBy(insert::throwIfFailed).isInstanceOf(PgException.class).hasMessageContaining("23505");
    }

    @Test
    void onlyTheRequestAtTheHeadIsCancelledAQueuedOneWhenItGetsThere() {
        var a = queued(Resend.WHOLE);
        var b = queued(Resend.WHOLE);
        assertThat(pipeline.cancel(b, now)).as("B is queued: a CancelRequest now would hit A").isFalse();
        assertThat(b.cancelRequested()).isTrue();
        assertThat(b.cancelSentAt()).isZero();
        feed(new CommandComplete("SELECT 1"));
        Completion<Request> completion = ready('I');
        assertThat(completion.done()).isSameAs(a);
        assertThat(completion.cancelNext()).as("B reached the head: its cancel goes out now").isSameAs(b);
        assertThat(b.cancelSentAt()).isNotZero();
        assertThat(pipeline.quietIn(now)).as("B's cancel is in flight").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFinishedRequestIsNotCancelled() {
        var a = queued(Resend.WHOLE);
        feed(new CommandComplete("SELECT 1"));
        ready('I');
        assertThat(pipeline.cancel(a, now)).isFalse();
        assertThat(pipeline.quietIn(now)).isZero();
    }

    @Test
    void aPipelinedQueryHitByTheCancelMeantForTheOneAheadIsResent() {
        var a = queued(Resend.WHOLE);
        var b = queued(Resend.WHOLE);
        assertThat(pipeline.cancel(a, now)).isTrue();
        // A ends by itself before its cancel lands; the cancel then hits B.
        feed(new CommandComplete("SELECT 1"));
        ready('I');
        feed(new BindComplete(), error("57014"));
        ready('I');
        assertThat(a.hitByStrayCancel()).isFalse();
        assertThat(b.hitByStrayCancel()).isTrue();
        assertThat(b.resendable()).isTrue();
        assertThat(pipeline.strayCancels()).isEqualTo(1);
    }

    @Test
    void aQueryQueuedWithinTheSlackAfterACancelLandedCountsAsHit() {
        var a = queued(Resend.WHOLE);
        pipeline.cancel(a, now);
        feed(error("57014"));
        ready('I');
        assertThat(a.hitByStrayCancel()).as("A asked for it").isFalse();
        now += 5 * MS;
        pipeline.cancelLanded(now);
        now += STRAY_SLACK_NANOS / 2;
        var b = queued(Resend.WHOLE);
        feed(error("57014"));
        ready('I');
        assertThat(b.resendable()).isTrue();

        now += STRAY_SLACK_NANOS;
        var c = queued(Resend.WHOLE);
        feed(error("57014"));
        ready('I');
        assertThat(c.hitByStrayCancel()).as("queued after the slack: someone else's cancel, or statement_timeout").isFalse();
        assertThat(pipeline.strayCancels()).isEqualTo(1);
    }

    @Test
    void aCancelWithNoneOfOursInFlightReachesTheCaller() {
        var a = queued(Resend.WHOLE);
        feed(error("57014"));
        ready('I');
        assertThat(a.hitByStrayCancel()).isFalse();
        assertThatThrownBy(a::throwIfFailed).isInstanceOf(PgException.class);
    }

    @Test
    void whetherAHitRequestIsResentDependsOnWhatAlreadyHappened() {
        assertThat(hitAfter(Resend.NEVER)).isFalse();
        assertThat(hitAfter(Resend.WHOLE, new ParseComplete(), new CommandComplete("INSERT 0 1"))).isTrue();
        assertThat(hitAfter(Resend.IF_NOTHING_COMPLETED)).isTrue();
        assertThat(hitAfter(Resend.IF_NOTHING_COMPLETED, new CommandComplete("INSERT 0 1")))
                .as("a query string may have committed between its statements").isFalse();
        assertThat(hitAfter(Resend.IF_NOT_PARSED)).isTrue();
        assertThat(hitAfter(Resend.IF_NOT_PARSED, new ParseComplete()))
                .as("the named statement exists now: a second Parse would fail").isFalse();
    }

    @Test
    void insideAnExplicitTransactionAHitRequestIsNeverResent() {
        var begin = queued(Resend.NEVER);
        var a = queued(Resend.WHOLE);
        var b = queued(Resend.WHOLE);
        feed(new CommandComplete("BEGIN"));
        ready('T');
        pipeline.cancel(a, now);
        feed(new CommandComplete("SELECT 1"));
        ready('T');
        feed(error("57014"));
        ready('E');
        assertThat(begin.isDone()).isTrue();
        assertThat(b.strayCancel).as("counted as hit").isTrue();
        assertThat(b.resendable()).as("its transaction is aborted, not rolled back").isFalse();
    }

    @Test
    void aTransactionWaitsForThePipelineToDrainAndForOurCancelsToLand() {
        assertThat(pipeline.quietIn(now)).isZero();
        var a = queued(Resend.WHOLE);
        assertThat(pipeline.quietIn(now)).isEqualTo(Long.MAX_VALUE);
        pipeline.cancel(a, now);
        feed(error("57014"));
        ready('I');
        assertThat(pipeline.quietIn(now)).as("A ended, its cancel has not landed").isEqualTo(Long.MAX_VALUE);
        now += 3 * MS;
        pipeline.cancelLanded(now);
        assertThat(pipeline.quietIn(now)).as("landed: the backend may still act on the signal").isEqualTo(STRAY_SLACK_NANOS);
        assertThat(pipeline.quietIn(now + STRAY_SLACK_NANOS / 4)).isEqualTo(STRAY_SLACK_NANOS * 3 / 4);
        assertThat(pipeline.quietIn(now + STRAY_SLACK_NANOS)).isZero();
    }

    @Test
    void aLandingWithNoCancelInFlightIsAnError() {
        assertThatThrownBy(() -> pipeline.cancelLanded(now)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void copyOutHandsChunksOverUntilCopyDone() {
        var copy = new Request(false, true, Resend.NEVER);
        pipeline.enqueue(copy, now);
        var response = new CopyResponse('H', 1, new int[] {1});
        assertThat(pipeline.onMessage(response)).isEqualTo(new CopyStarted<>(copy, response));
        var chunk = new CopyData(new byte[] {1, 2, 3});
        assertThat(pipeline.onMessage(chunk)).isEqualTo(new CopyChunk<>(copy, chunk));
        assertThatThrownBy(() -> pipeline.ready('I', now)).as("COPY OUT not over").isInstanceOf(PgProtocolException.class);
        feed(new CopyDone(), new CommandComplete("COPY 1"));
        ready('I');
        assertThat(copy.lastCount()).isEqualTo(1);
    }

    @Test
    void copyInEndsWithTheCommandOrAnError() {
        var ok = new Request(false, true, Resend.NEVER);
        var failed = new Request(false, true, Resend.NEVER);
        pipeline.enqueue(ok, now);
        pipeline.enqueue(failed, now);
        assertThat(pipeline.onMessage(new CopyResponse('G', 1, new int[0]))).isInstanceOf(CopyStarted.class);
        assertThatThrownBy(() -> pipeline.onMessage(new CopyData(new byte[1]))).as("the server sends no data in COPY IN")
                .isInstanceOf(PgProtocolException.class);
        feed(new CommandComplete("COPY 3"));
        ready('I');
        assertThat(pipeline.onMessage(new CopyResponse('G', 1, new int[0]))).isInstanceOf(CopyStarted.class);
        feed(error("22P04"));
        ready('I');
        assertThat(ok.counts()).containsExactly(3L);
        assertThat(failed.error().sqlState()).isEqualTo("22P04");
    }

    @Test
    void copyThroughAPlainQueryBreaksTheProtocol() {
        queued(Resend.NEVER);
        assertThatThrownBy(() -> pipeline.onMessage(new CopyResponse('G', 0, new int[0])))
                .isInstanceOf(PgProtocolException.class).hasMessageContaining("copyIn");
        var pipeline2 = new Pipeline<Request>();
        pipeline2.enqueue(new Request(false, false, Resend.NEVER), now);
        assertThatThrownBy(() -> pipeline2.onMessage(new CopyData(new byte[1]))).isInstanceOf(PgProtocolException.class);
        assertThatThrownBy(() -> pipeline2.onMessage(new CopyDone())).isInstanceOf(PgProtocolException.class);
    }

    @Test
    void messagesOutsideAnyRequestAreActionsOrErrors() {
        assertThat(pipeline.onMessage(new ParameterStatus("TimeZone", "UTC"))).isEqualTo(new ParameterChanged<>("TimeZone", "UTC"));
        assertThat(pipeline.onMessage(new NoticeResponse(Map.of('S', "NOTICE", 'C', "00000", 'M', "hi"))))
                .isInstanceOfSatisfying(Notice.class, n -> assertThat(n.notice().message()).isEqualTo("hi"));
        assertThat(pipeline.onMessage(new NotificationResponse(7, "chan", "payload")))
                .isInstanceOfSatisfying(Notify.class, n -> assertThat(n.notification().channel()).isEqualTo("chan"));
        assertThatThrownBy(() -> pipeline.onMessage(ROW)).isInstanceOf(PgProtocolException.class).hasMessageContaining("no request in flight");
        assertThatThrownBy(() -> pipeline.ready('I', now)).isInstanceOf(PgProtocolException.class);
        assertThatThrownBy(() -> pipeline.onMessage(new ErrorResponse(Map.of('S', "FATAL", 'C', "57P01", 'M', "terminating"))))
                .isInstanceOf(AdminShutdown.class);
    }

    @Test
    void aReadyForQueryWithAnUnknownStatusBreaksTheProtocol() {
        queued(Resend.NEVER);
        assertThatThrownBy(() -> pipeline.ready('X', now)).isInstanceOf(PgProtocolException.class).hasMessageContaining("'X'");
        assertThat(pipeline.inFlight()).as("nothing was taken off the queue").isEqualTo(1);
    }

    @Test
    void breakingTheSessionEndsEveryRequestWithTheCause() {
        var a = queued(Resend.WHOLE);
        var b = queued(Resend.WHOLE);
        var cause = PgException.of(ServerMessage.client("08006", "gone"));
        List<Request> failed = pipeline.failAll(cause);
        assertThat(failed).containsExactly(a, b);
        assertThat(a.isDone() && b.isDone()).isTrue();
        assertThatThrownBy(b::throwIfFailed).isSameAs(cause);
        assertThat(b.resendable()).isFalse();
        assertThat(pipeline.head()).isNull();
        assertThat(pipeline.quietIn(now)).isZero();
    }

    @Test
    void theServersFatalReasonWinsOverTheBrokenSocket() {
        var a = queued(Resend.NEVER);
        feed(new ErrorResponse(Map.of('S', "FATAL", 'C', "57P01", 'M', "terminating connection")));
        pipeline.failAll(PgException.of(ServerMessage.client("08006", "gone")));
        assertThatThrownBy(a::throwIfFailed).isInstanceOf(AdminShutdown.class);
    }

    // A request queued behind one whose cancel then hits it, having received `before` first.
    private boolean hitAfter(Resend resend, BackendMessage... before) {
        var pipeline = new Pipeline<Request>();
        var a = new Request(true, false, Resend.WHOLE);
        var b = new Request(true, false, resend);
        pipeline.enqueue(a, now);
        pipeline.enqueue(b, now);
        pipeline.cancel(a, now);
        pipeline.onMessage(new CommandComplete("SELECT 1"));
        pipeline.ready('I', now);
        for (BackendMessage m : before) {
            pipeline.onMessage(m);
        }
        pipeline.onMessage(error("57014"));
        pipeline.ready('I', now);
        assertThat(b.hitByStrayCancel()).isTrue();
        return b.resendable();
    }

    private Request queued(Resend resend) {
        var request = new Request(true, false, resend);
        pipeline.enqueue(request, now);
        return request;
    }

    private void feed(BackendMessage... messages) {
        for (BackendMessage m : messages) {
            assertThat(pipeline.onMessage(m)).isEqualTo(Pipeline.none());
        }
    }

    private Completion<Request> ready(char status) {
        return pipeline.ready(status, now);
    }

    private static ErrorResponse error(String sqlState) {
        return new ErrorResponse(Map.of('S', "ERROR", 'V', "ERROR", 'C', sqlState, 'M', "error " + sqlState));
    }
}
