package dev.weft.http.server.http1;

import dev.weft.http.codec.BulkInputStream;
import dev.weft.http.server.ContentTooLarge;
import java.io.IOException;

/** The request body as an {@link InputStream}, enforcing a size limit whatever the framing declared. */
final class RequestBodyStream extends BulkInputStream {
    private final Http1Connection source;
    private final long limit;
    private long read;
    private boolean ended;

    RequestBodyStream(Http1Connection source, long limit) {
        this.source = source;
        this.limit = limit;
    }

    @Override
    protected int readSome(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
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
