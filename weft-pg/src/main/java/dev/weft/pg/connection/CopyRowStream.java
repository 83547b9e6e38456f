package dev.weft.pg.connection;

import dev.weft.core.Cancellation;
import dev.weft.core.Channel;
import dev.weft.pg.PgProtocolException;
import dev.weft.pg.Row;
import dev.weft.pg.RowStream;
import dev.weft.pg.codec.TypeCodec;
import dev.weft.pg.protocol.BackendMessage;
import dev.weft.pg.protocol.BackendMessage.CopyResponse;
import dev.weft.pg.protocol.BackendMessage.DataRow;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * The rows of {@code COPY (query) TO STDOUT (FORMAT binary)}, decoded by the column codecs the query's
 * description chose (asyncpg's {@code copy_from_query} as records). The server sends one CopyData
 * message per row; the reader thread queues at most {@link Copies#OUT_QUEUE} of them, so memory stays
 * bounded. Holds the connection exclusively until exhausted or closed; closing early cancels the COPY
 * (inside the caller's transaction, that aborts the transaction). One thread iterates.
 */
final class CopyRowStream implements RowStream {
    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

    private final RealPgConnection view;
    private final boolean ownsToken;
    private final Statement statement;
    private final Exchange exchange;
    private final Channel<BackendMessage> channel;
    private byte[] chunk;
    private int position;
    private boolean headerSeen;
    private boolean trailerSeen;
    private Row next;
    private boolean closed;

    private CopyRowStream(RealPgConnection view, boolean ownsToken, Statement statement, Exchange exchange, Channel<BackendMessage> channel) {
        this.view = view;
        this.ownsToken = ownsToken;
        this.statement = statement;
        this.exchange = exchange;
        this.channel = channel;
    }

    static RowStream open(RealPgConnection connection, String query) {
        Session session = connection.session;
        boolean ownsToken = connection.token == null;
        Object token = ownsToken ? new Object() : connection.token;
        if (ownsToken) {
            session.acquireOwnership(token, connection.timeout);
        }
        try {
            var view = ownsToken ? connection.view(token, connection.timeout) : connection;
            var statement = new Statement(query, "");
            view.describe(statement, null);
            for (int i = 0; i < statement.columnCodecs.length; i++) {
                TypeCodec<?> codec = statement.columnCodecs[i];
                if (codec == null || !codec.binary()) {
                    throw new IllegalArgumentException("column \"" + statement.columns.get(i).name() + "\" (type oid "
                            + statement.columns.get(i).typeOid() + ") has no binary codec; use stream() or copyOut(sql, OutputStream)");
                }
            }
            var channel = Channel.<BackendMessage>create(Copies.OUT_QUEUE);
            var exchange = Copies.copyExchange("COPY (" + query + ") TO STDOUT (FORMAT binary)", channel);
            long deadline = Session.deadline(connection.timeout);
            session.begin(exchange, token, deadline);
            CopyResponse started;
            try (var abort = Cancellation.onAbort(() -> session.requestCancel(exchange))) {
                started = Copies.awaitStart(channel, deadline);
            }
            if (started == null) {
                session.finish(exchange, deadline);
                exchange.throwIfFailed();
                throw new PgProtocolException("COPY ended without data");
            }
            return new CopyRowStream(view, ownsToken, statement, exchange, channel);
        } catch (RuntimeException | Error e) {
            if (ownsToken) {
                session.releaseOwnership(token);
            }
            throw e;
        }
    }

    @Override
    @SuppressWarnings("try") // the registration only needs to be open around the blocking part
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (closed) {
            return false;
        }
        Session session = view.session;
        try {
            while (chunk == null || position == chunk.length) {
                long deadline = Session.deadline(view.timeout);
                try (var abort = Cancellation.onAbort(() -> session.requestCancel(exchange))) {
                    chunk = Copies.take(channel, deadline);
                    if (chunk == Copies.TIMED_OUT || chunk == null) {
                        session.finish(exchange, deadline);
                    }
                }
                position = 0;
                if (chunk == null || chunk == Copies.TIMED_OUT) {
                    exchange.throwIfFailed();
                    if (!trailerSeen) {
                        throw new PgProtocolException("binary COPY data ended without its trailer");
                    }
                    close();
                    return false;
                }
            }
            next = parseRow();
            return next != null || hasNext();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows");
        }
        Row row = next;
        next = null;
        return row;
    }

    // One tuple at the chunk's position, or null for the trailer.
    private Row parseRow() {
        if (!headerSeen) {
            if (chunk.length < 19 || !Arrays.equals(chunk, 0, 11, SIGNATURE, 0, 11)) {
                throw new PgProtocolException("binary COPY data does not start with the PGCOPY signature");
            }
            position = 19 + readInt(15);
            headerSeen = true;
        }
        int count = (short) (((chunk[position] & 0xFF) << 8) | (chunk[position + 1] & 0xFF));
        position += 2;
        if (count == -1) {
            trailerSeen = true;
            position = chunk.length;
            return null;
        }
        int[] offsets = new int[count];
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            int length = readInt(position);
            position += 4;
            if (length < -1 || position + Math.max(length, 0) > chunk.length) {
                throw new PgProtocolException("binary COPY field " + i + " has length " + length + " (a tuple split across messages?)");
            }
            offsets[i] = position;
            lengths[i] = length;
            position += Math.max(length, 0);
        }
        return new RealRow(statement, view.session.options().codecs(), new DataRow(chunk, offsets, lengths));
    }

    private int readInt(int at) {
        if (at + 4 > chunk.length) {
            throw new PgProtocolException("binary COPY data truncated at byte " + at);
        }
        return ((chunk[at] & 0xFF) << 24) | ((chunk[at + 1] & 0xFF) << 16) | ((chunk[at + 2] & 0xFF) << 8) | (chunk[at + 3] & 0xFF);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        next = null;
        Session session = view.session;
        try {
            if (!exchange.isDone()) {
                Copies.abandon(session, exchange, channel);
                session.finish(exchange, System.nanoTime() + session.options().cancelGrace().toNanos());
            }
        } finally {
            if (ownsToken) {
                session.releaseOwnership(view.token);
            }
        }
    }
}
