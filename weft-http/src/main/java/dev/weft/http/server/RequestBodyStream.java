package dev.weft.http.server;

import java.io.IOException;
import java.io.InputStream;

/** The request body as an {@link InputStream}, enforcing a size limit whatever the framing declared. */
final class RequestBodyStream extends InputStream {
    private final BodySource source;
    private final long limit;
    private long read;
    private boolean ended;

    RequestBodyStream(BodySource source, long limit) {
        this.source = source;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = source.readBody(b, off, len);
        if (n < 0) {
            ended = true;
            return -1;
        }
        read += n;
        if (read > limit) {
            throw new ContentTooLarge("request body larger than " + limit + " bytes");
        }
        return n;
    }
}
