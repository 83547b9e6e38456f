package dev.weft.http.server.http1;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream a {@link Response.BodyWriter} writes to: chunked framing for HTTP/1.1, raw bytes for an
 * HTTP/1.0 client (whose connection then closes to end the body). Writes collect in a buffer; a full
 * buffer or {@link #flush()} sends one chunk. Not thread-safe (the SSE sink adds a lock around it).
 */
final class ChunkedBodyStream extends OutputStream {
    private final Output out;
    private final boolean chunked;
    private final byte[] buf = new byte[8192];
    private int len;
    private boolean closed;

    ChunkedBodyStream(Output out, boolean chunked) {
        this.out = out;
        this.chunked = chunked;
    }

    @Override
    public void write(int b) throws IOException {
        if (len == buf.length) {
            emit();
        }
        buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
        checkOpen();
        if (n >= buf.length) {
            // Large writes go straight out (gathered with the chunk-size line), never copied.
            emit();
            if (chunked) {
                out.ascii(Integer.toHexString(n));
                out.crlf();
            }
            out.writeNow(b, off, n);
            if (chunked) {
                out.crlf();
            }
            return;
        }
        if (len + n > buf.length) {
            emit();
        }
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    @Override
    public void flush() throws IOException {
        checkOpen();
        emit();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (len > 0) {
            chunk(buf, 0, len);
            len = 0;
        }
        if (chunked) {
            out.ascii("0\r\n\r\n");
        }
        out.flush();
    }

    private void emit() throws IOException {
        checkOpen();
        if (len > 0) {
            chunk(buf, 0, len);
            len = 0;
        }
        out.flush();
    }

    private void chunk(byte[] b, int off, int n) {
        if (chunked) {
            out.ascii(Integer.toHexString(n));
            out.crlf();
        }
        out.bytes(b, off, n);
        if (chunked) {
            out.crlf();
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("response body already closed");
        }
    }
}
