package dev.weft.http.codec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An {@link InputStream} defined by one bulk read: the body and connection streams of the server and
 * the client extend it, so that the single-byte {@code read()}, the bounds check and the empty read are
 * written once. Not thread-safe, like the streams built on it.
 */
public abstract class BulkInputStream extends InputStream {
    /** For subclasses. */
    protected BulkInputStream() {
    }

    /**
     * Reads at least one byte into {@code b[off, off+len)}, blocking as needed; {@code len} is at least 1
     * and the range is valid.
     *
     * @return how many bytes were read, or -1 at the end of the stream
     * @throws IOException when the underlying connection fails
     */
    protected abstract int readSome(byte[] b, int off, int len) throws IOException;

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return readSome(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return len == 0 ? 0 : readSome(b, off, len);
    }
}
