package dev.weft.http.client;

import dev.weft.http.codec.BodyDecoder;
import dev.weft.http.codec.BulkInputStream;
import dev.weft.http.codec.HttpParseException;

import java.io.IOException;

/**
 * The raw (still content-encoded) bytes of one response body, read from its connection's buffer and
 * socket: a fixed length or chunked (through {@link BodyDecoder}), or until the server closes. At the
 * end of the body the connection goes back to the pool (if the server keeps it alive and sent nothing
 * more); {@link #close()} before the end closes the connection. Not thread-safe: one reader.
 */
final class ResponseBodyStream extends BulkInputStream {
    private final Lease lease;
    private final ClientConnection connection;
    /** Null for a close-delimited body. */
    private final BodyDecoder decoder;
    private final boolean keepAlive;
    /** Body bytes found by the decoder at {@code connection.start} and not yet handed out. */
    private int pending;
    private boolean finished;

    ResponseBodyStream(Lease lease, BodyDecoder decoder, boolean keepAlive) {
        this.lease = lease;
        this.connection = lease.connection;
        this.decoder = decoder;
        this.keepAlive = keepAlive;
        if (decoder != null && decoder.done()) {
            finish();
        }
    }

    @Override
    protected int readSome(byte[] b, int off, int len) throws IOException {
        while (true) {
            if (pending > 0) {
                int n = Math.min(len, pending);
                System.arraycopy(connection.buf, connection.start, b, off, n);
                connection.start += n;
                pending -= n;
                if (pending == 0 && decoder != null && decoder.done()) {
                    finish();
                }
                return n;
            }
            if (finished) {
                return -1;
            }
            if (lease.returned()) {
                throw new IOException("response closed");
            }
            if (connection.start < connection.end && advance()) {
                continue;
            }
            int n = fillOrFail();
            if (n < 0) {
                if (decoder != null) {
                    lease.giveBack(false);
                    throw new InvalidResponse("server closed the connection before the end of the body from "
                            + connection.endpoint);
                }
                finish();
                return -1;
            }
        }
    }

    @Override
    public int available() {
        return pending;
    }

    /** Consumes buffered framing or finds body bytes; false when more bytes must be read first. */
    private boolean advance() {
        if (decoder == null) {
            pending = connection.end - connection.start;
            return true;
        }
        int from = connection.start;
        int used;
        try {
            used = decoder.decode(connection.buf, from, connection.end);
        } catch (HttpParseException e) {
            lease.giveBack(false);
            throw new InvalidResponse("malformed chunked body from " + connection.endpoint + ": " + e.reason(), e);
        }
        if (decoder.dataLength() > 0) {
            connection.start = decoder.dataOffset();
            pending = decoder.dataLength();
        } else {
            connection.start = from + used;
            if (decoder.done()) {
                finish();
            }
        }
        return used > 0;
    }

    private int fillOrFail() {
        try {
            return connection.fill();
        } catch (IOException e) {
            lease.giveBack(false);
            throw new InvalidResponse("connection to " + connection.endpoint + " failed while reading the body: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            lease.giveBack(false);
            throw e;
        }
    }

    private void finish() {
        finished = true;
        // Bytes after the body would be a response nobody asked for: such a connection is not reused.
        lease.giveBack(keepAlive && decoder != null && connection.start == connection.end);
    }

    /** Whether the whole body has been read. */
    boolean finished() {
        return finished;
    }

    /**
     * Reads and drops what is left of the body, up to {@code limit} bytes, so that the connection can be
     * reused; beyond the limit (or on a failure) the connection is closed instead.
     */
    void discard(long limit) {
        byte[] sink = new byte[8192];
        long left = limit;
        try {
            while (!finished && !lease.returned() && left > 0) {
                int n = read(sink, 0, (int) Math.min(sink.length, left));
                if (n < 0) {
                    break;
                }
                left -= n;
            }
        } catch (IOException | HttpClientException e) {
            // a broken redirect body does not matter; the connection is given back closed below
        }
        close();
    }

    /** Closes the connection unless the body was read to its end. Idempotent. */
    @Override
    public void close() {
        lease.giveBack(false);
    }
}
