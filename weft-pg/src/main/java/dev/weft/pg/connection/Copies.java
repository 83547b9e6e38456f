package dev.weft.pg.connection;

import dev.weft.core.Cancellation;
import dev.weft.core.Channel;
import dev.weft.core.ChannelClosed;
import dev.weft.core.DeadlineExceeded;
import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.protocol.BackendMessage;
import dev.weft.pg.protocol.BackendMessage.CopyData;
import dev.weft.pg.protocol.BackendMessage.CopyDone;
import dev.weft.pg.protocol.BackendMessage.CopyResponse;
import dev.weft.pg.protocol.FrontendMessages;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Function;

/**
 * Runs COPY statements through the simple protocol with exclusive use of the connection: COPY FROM
 * STDIN fed in chunks of about {@link #CHUNK} bytes, COPY TO STDOUT drained into an {@link OutputStream}.
 * Outside a transaction the COPY is its own transaction, so a failed COPY keeps nothing. A failure on
 * our side (a bad row, the source throwing, cancellation) sends CopyFail; the connection stays usable.
 */
final class Copies {
    /** Payload bytes per CopyData message sent. */
    static final int CHUNK = 64 * 1024;
    /** CopyData messages (one row each) buffered between the reader thread and a slow consumer. */
    static final int OUT_QUEUE = 1024;
    /** What {@link #take} returns when its deadline passed before a chunk arrived. */
    static final byte[] TIMED_OUT = new byte[0];
    private static final byte[] ZEROS = new byte[CHUNK];
    private static final BackendMessage NOTHING_YET = new CopyDone(); // told apart by identity

    private Copies() {
    }

    /** Fills COPY data: writes up to about {@link #CHUNK} payload bytes; returns false once the data ended. */
    @FunctionalInterface
    interface Feeder {
        boolean fill(WriteBuffer chunk) throws Exception;
    }

    /** Runs {@code body} with a token giving exclusive use: the view's transaction token, or a fresh one. */
    static <T> T exclusive(RealPgConnection connection, Function<Object, T> body) {
        if (connection.token != null) {
            return body.apply(connection.token);
        }
        var token = new Object();
        connection.session.acquireOwnership(token, connection.timeout);
        try {
            return body.apply(token);
        } finally {
            connection.session.releaseOwnership(token);
        }
    }

    static long copyIn(RealPgConnection connection, String sql, InputStream data) {
        return exclusive(connection, token -> copyIn(connection, token, sql, chunk -> {
            int at = chunk.position();
            chunk.writeBytes(ZEROS); // makes room; read() then fills it in place
            int n = data.read(chunk.array(), at, CHUNK);
            chunk.truncate(at + Math.max(n, 0));
            return n >= 0;
        }));
    }

    /** Runs COPY FROM STDIN statement {@code sql} with {@code feeder}'s data; the caller holds {@code token}. */
    @SuppressWarnings("try") // the registration only needs to be open around the blocking part
    static long copyIn(RealPgConnection connection, Object token, String sql, Feeder feeder) {
        Session session = connection.session;
        long deadline = Session.deadline(connection.timeout);
        var channel = Channel.<BackendMessage>create(1);
        var exchange = copyExchange(sql, channel);
        Throwable failure = null;
        try (var abort = Cancellation.onAbort(() -> session.requestCancel(exchange))) {
            session.begin(exchange, token, deadline);
            CopyResponse started = awaitStart(channel, deadline);
            if (started == null && !exchange.isDone()) {
                abandonBeforeStart(session, exchange, channel);
            } else if (started != null && started.kind() != 'G') {
                failure = new IllegalArgumentException("copyIn needs COPY ... FROM STDIN, not: " + sql);
                session.requestCancel(exchange);
                channel.discard();
            } else if (started != null) {
                failure = feed(session, exchange, feeder, deadline);
            }
            session.finish(exchange, deadline);
        }
        if (failure != null) {
            if (exchange.error() != null) {
                failure.addSuppressed(PgException.of(exchange.error()));
            }
            throw unchecked(failure);
        }
        exchange.throwIfFailed();
        return exchange.lastCount();
    }

    // Returns what went wrong on our side (after sending CopyFail), or null once CopyDone went out.
    private static Throwable feed(Session session, Exchange exchange, Feeder feeder, long deadline) {
        var out = new WriteBuffer(CHUNK + 8 * 1024);
        try {
            boolean more = true;
            while (more && !exchange.isDone()) {
                Cancellation.check();
                if (System.nanoTime() - deadline > 0) {
                    throw PgException.of(ServerMessage.client("57014", "COPY timed out"));
                }
                out.clear();
                int at = FrontendMessages.beginCopyData(out);
                more = feeder.fill(out);
                FrontendMessages.endCopyData(out, at);
                if (!more) {
                    FrontendMessages.copyDone(out);
                }
                session.send(out);
            }
            return null;
        } catch (Throwable t) {
            if (session.isUsable() && !exchange.isDone()) {
                out.clear();
                FrontendMessages.copyFail(out, reason(t));
                try {
                    session.send(out);
                } catch (RuntimeException e) {
                    t.addSuppressed(e);
                }
            }
            return t;
        }
    }

    /** Runs COPY TO STDOUT statement {@code sql}, writing the data to {@code target}; returns the row count. */
    static long copyOut(RealPgConnection connection, String sql, OutputStream target) {
        return exclusive(connection, token -> copyOut(connection, token, sql, target));
    }

    @SuppressWarnings("try") // the registration only needs to be open around the blocking part
    private static long copyOut(RealPgConnection connection, Object token, String sql, OutputStream target) {
        Session session = connection.session;
        long deadline = Session.deadline(connection.timeout);
        var channel = Channel.<BackendMessage>create(OUT_QUEUE);
        var exchange = copyExchange(sql, channel);
        Throwable failure = null;
        try (var abort = Cancellation.onAbort(() -> session.requestCancel(exchange))) {
            session.begin(exchange, token, deadline);
            CopyResponse started = awaitStart(channel, deadline);
            if (started != null && started.kind() != 'H') {
                failure = new IllegalArgumentException("copyOut needs COPY ... TO STDOUT, not: " + sql);
                var fail = new WriteBuffer(64);
                FrontendMessages.copyFail(fail, "copyOut was given a COPY FROM STDIN");
                session.send(fail);
            } else if (started != null) {
                try {
                    for (byte[] chunk = take(channel, deadline); chunk != null && chunk != TIMED_OUT; chunk = take(channel, deadline)) {
                        target.write(chunk);
                    }
                } catch (IOException e) {
                    failure = new UncheckedIOException("copyOut: writing to the target failed", e);
                    abandon(session, exchange, channel);
                } catch (RuntimeException | Error e) {
                    failure = e;
                    abandon(session, exchange, channel);
                }
            }
            session.finish(exchange, deadline);
        }
        if (failure != null) {
            throw unchecked(failure);
        }
        exchange.throwIfFailed();
        return exchange.lastCount();
    }

    /**
     * The deadline passed before the server entered COPY FROM STDIN (it waited for a lock, say): cancel it.
     * If COPY mode starts anyway, only CopyFail ends it: a backend waiting for COPY data ignores a cancel.
     */
    private static void abandonBeforeStart(Session session, Exchange exchange, Channel<BackendMessage> channel) {
        session.requestCancel(exchange);
        if (awaitStart(channel, System.nanoTime() + session.options().cancelGrace().toNanos()) != null && !exchange.isDone()) {
            var fail = new WriteBuffer(64);
            FrontendMessages.copyFail(fail, "timed out before COPY started");
            session.send(fail);
        }
    }

    /** Stops a COPY TO STDOUT nobody reads any more: the server is cancelled and what it still sends is dropped. */
    static void abandon(Session session, Exchange exchange, Channel<BackendMessage> channel) {
        channel.discard();
        session.requestCancel(exchange);
    }

    /**
     * The reader's side of a COPY's channel: hands the server's CopyResponse or CopyData over, waiting
     * while the consumer is {@link #OUT_QUEUE} messages behind (the socket is not read meanwhile, so TCP
     * slows the server down and memory stays bounded); dropped once the consumer gave up ({@link #abandon}).
     */
    static void offer(Channel<BackendMessage> channel, BackendMessage message) {
        try {
            channel.send(message);
        } catch (ChannelClosed ignored) {
            // The consumer discarded the channel: what the server still sends until it stops is dropped.
        }
    }

    /**
     * Waits until the server entered COPY mode or the exchange ended (an error before COPY started);
     * returns the response, or null in the second case and when {@code deadline} passed.
     */
    static CopyResponse awaitStart(Channel<BackendMessage> channel, long deadline) {
        return receive(channel, deadline) instanceof CopyResponse response ? response : null;
    }

    /** The next CopyData payload; null once the exchange ended and every chunk was taken; {@link #TIMED_OUT} at {@code deadline}. */
    static byte[] take(Channel<BackendMessage> channel, long deadline) {
        BackendMessage next = receive(channel, deadline);
        if (next == NOTHING_YET) {
            return TIMED_OUT;
        }
        return next instanceof CopyData data ? data.data() : null;
    }

    // The next message, null once the channel ended, NOTHING_YET when the deadline passed. The weft-core
    // deadline counts as this call's own: the caller then cancels on the server, and reports it after.
    private static BackendMessage receive(Channel<BackendMessage> channel, long deadline) {
        try {
            if (deadline == Long.MAX_VALUE) {
                return channel.receive();
            }
            return channel.receive(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))).orElse(NOTHING_YET);
        } catch (ChannelClosed ended) {
            return null;
        } catch (DeadlineExceeded expired) {
            return NOTHING_YET;
        }
    }

    /** An exchange for simple-protocol Query {@code sql} whose COPY messages go to {@code channel}. */
    static Exchange copyExchange(String sql, Channel<BackendMessage> channel) {
        var out = new WriteBuffer(sql.length() + 16);
        FrontendMessages.query(out, sql);
        return new Exchange(out, channel);
    }

    private static String reason(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
        return message.replace('\0', ' ');
    }

    static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof IOException io) {
            return new UncheckedIOException(io);
        }
        return new IllegalStateException(t);
    }
}
