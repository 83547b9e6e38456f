package dev.weft.http.server.http1;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * A connection's outgoing bytes: a buffer that collects response heads and small bodies so that each
 * response (or a batch of pipelined ones) leaves in one write, and gathered writes for large bodies.
 * Each blocking write publishes a deadline that the {@link TimeoutSweeper} enforces. Used by the
 * connection's thread only, except {@link #writeDeadline()}, read by the sweeper.
 */
final class Output {
    private static final int MAX_BUFFER = 64 * 1024;

    private final Transport transport;
    private final long writeTimeoutNanos;
    private byte[] buf = new byte[4096];
    private int len;
    private long written;
    private volatile long writeDeadline;

    Output(Transport transport, long writeTimeoutNanos) {
        this.transport = transport;
        this.writeTimeoutNanos = writeTimeoutNanos;
    }

    /** When the write in progress must end (System.nanoTime), or 0 when none is blocked. */
    long writeDeadline() {
        return writeDeadline;
    }

    /** Bytes handed to the transport so far (for access logs). */
    long written() {
        return written + len;
    }

    /** Bytes handed to the transport so far, buffered ones excluded. */
    long sent() {
        return written;
    }

    void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    void bytes(byte[] b) {
        bytes(b, 0, b.length);
    }

    void bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    void decimal(long value) {
        ascii(Long.toString(value));
    }

    void crlf() {
        ensure(2);
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    /** Appends a body: copied when small, else sent with what is buffered in one gathered write. */
    void body(byte[] b) throws IOException {
        if (len + b.length <= MAX_BUFFER) {
            bytes(b);
        } else {
            send(ByteBuffer.wrap(buf, 0, len), ByteBuffer.wrap(b));
            len = 0;
        }
    }

    /** Sends the buffered bytes and {@code b[off, off+n)} now, in one gathered write. */
    void writeNow(byte[] b, int off, int n) throws IOException {
        send(ByteBuffer.wrap(buf, 0, len), ByteBuffer.wrap(b, off, n));
        len = 0;
    }

    /** Sends the buffered bytes and {@code count} bytes of {@code file}, zero-copy where possible. */
    void file(FileChannel file, long position, long count) throws IOException {
        flush();
        writeDeadline = deadline();
        try {
            transport.transferFrom(file, position, count);
            written += count;
        } finally {
            writeDeadline = 0;
        }
    }

    void flush() throws IOException {
        if (len > 0) {
            send(ByteBuffer.wrap(buf, 0, len));
            len = 0;
        }
    }

    /** Flushes once the buffer holds enough to be worth a write (between pipelined responses). */
    void flushIfFull() throws IOException {
        if (len >= MAX_BUFFER / 2) {
            flush();
        }
    }

    /** Drops buffered bytes (a response that failed half-way must not be sent in part). */
    void discard() {
        len = 0;
    }

    int mark() {
        return len;
    }

    void reset(int mark) {
        len = mark;
    }

    private void send(ByteBuffer... buffers) throws IOException {
        long n = 0;
        for (ByteBuffer b : buffers) {
            n += b.remaining();
        }
        writeDeadline = deadline();
        try {
            transport.write(buffers);
            written += n;
        } finally {
            writeDeadline = 0;
        }
    }

    private long deadline() {
        long d = System.nanoTime() + writeTimeoutNanos;
        return d == 0 ? 1 : d;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
