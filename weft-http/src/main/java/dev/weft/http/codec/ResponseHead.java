package dev.weft.http.codec;

/**
 * A parsed response head: status line, field lines and the framing fields a client needs to find the
 * body. Immutable; safe to share between threads.
 *
 * @param minorVersion  0 for HTTP/1.0, 1 for HTTP/1.1
 * @param status        the three-digit status code, 100-999
 * @param reason        the reason phrase, possibly empty
 * @param fields        the header fields
 * @param contentLength the declared body length, or -1 when there is no {@code Content-Length}
 * @param chunked       whether the body uses the chunked transfer coding
 * @param keepAlive     whether the server keeps the connection open (version default and {@code Connection})
 */
public record ResponseHead(int minorVersion, int status, String reason, FieldBlock fields,
                           long contentLength, boolean chunked, boolean keepAlive) {
    /** Validates the components; a bad one throws {@link IllegalArgumentException} naming its value. */
    public ResponseHead {
        if (minorVersion != 0 && minorVersion != 1) {
            throw new IllegalArgumentException("minorVersion not 0 or 1: " + minorVersion);
        }
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status outside 100-999: " + status);
        }
        if (chunked && contentLength >= 0) {
            throw new IllegalArgumentException("chunked with contentLength " + contentLength);
        }
    }

    /**
     * Whether a body follows this head in answer to a request with {@code method} (RFC 9112 section 6.3):
     * never after HEAD, a 1xx, 204 or 304.
     */
    public boolean hasBody(String method) {
        return !method.equals("HEAD") && status >= 200 && status != 204 && status != 304;
    }

    /** Whether the body runs until the server closes the connection (no length, not chunked). */
    public boolean closeDelimited() {
        return !chunked && contentLength < 0;
    }
}
