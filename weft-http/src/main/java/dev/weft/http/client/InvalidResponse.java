package dev.weft.http.client;

/**
 * The server broke HTTP/1.1: a malformed status line or header, bad chunked framing, a body cut short,
 * a broken gzip stream, or a body larger than the configured limit. The connection is closed, never
 * reused. Immutable.
 */
public final class InvalidResponse extends HttpClientException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming what was wrong. */
    public InvalidResponse(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying error. */
    public InvalidResponse(String message, Throwable cause) {
        super(message, cause);
    }
}
