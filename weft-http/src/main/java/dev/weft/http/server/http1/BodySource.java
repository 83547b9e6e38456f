package dev.weft.http.server.http1;

import java.io.InputStream;

/** Where a request's body comes from: the connection that parsed its head. */
public interface BodySource {
    /**
     * The decoded body as a stream that throws {@link dev.weft.http.server.ContentTooLarge} past
     * {@code limit} bytes, whatever the framing declared. With {@code Expect: 100-continue}, the first
     * read sends {@code 100 Continue}.
     */
    InputStream open(long limit);
}
