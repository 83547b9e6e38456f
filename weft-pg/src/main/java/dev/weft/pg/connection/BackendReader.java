package dev.weft.pg.connection;

import dev.weft.pg.PgProtocolException;
import dev.weft.pg.protocol.BackendDecoder;
import dev.weft.pg.protocol.BackendMessage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Frames backend messages off a socket stream (type byte, length, body) and hands each body to
 * {@link BackendDecoder}. Reads in large chunks to keep system calls few. Used by one thread at a time.
 */
final class BackendReader {
    private final InputStream in;
    private final int maxMessageSize;
    private final byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;

    BackendReader(InputStream in, int maxMessageSize) {
        this.in = in;
        this.maxMessageSize = maxMessageSize;
    }

    /** Blocks until a whole message has arrived and returns it decoded. */
    BackendMessage read() throws IOException {
        fill(5);
        char type = (char) (buffer[start] & 0xFF);
        int length = ((buffer[start + 1] & 0xFF) << 24) | ((buffer[start + 2] & 0xFF) << 16)
                | ((buffer[start + 3] & 0xFF) << 8) | (buffer[start + 4] & 0xFF);
        if (length < 4 || length - 4 > maxMessageSize) {
            throw new PgProtocolException("backend message '" + type + "' has length " + length
                    + " (limit max_message_size=" + maxMessageSize + ")");
        }
        start += 5;
        int bodyLength = length - 4;
        // Each body gets its own array: a DataRow keeps referring to it after the buffer moves on.
        byte[] body = new byte[bodyLength];
        int copied = Math.min(bodyLength, end - start);
        System.arraycopy(buffer, start, body, 0, copied);
        start += copied;
        while (copied < bodyLength) {
            int n = in.read(body, copied, bodyLength - copied);
            if (n < 0) {
                throw new EOFException("server closed the connection in the middle of a message");
            }
            copied += n;
        }
        return BackendDecoder.decode(type, body, 0, bodyLength);
    }

    private void fill(int needed) throws IOException {
        if (end - start >= needed) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end < needed) {
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                throw new EOFException("server closed the connection");
            }
            end += n;
        }
    }
}
