package dev.weft.http.codec;

/**
 * Thrown when bytes received from a peer break HTTP/1.1 framing or a configured limit. It carries the
 * status a server answers with (400, 413, 414, 431, 501, 505) and a short reason safe to send back.
 * After it, the connection cannot be trusted to find the next message and must be closed.
 */
public final class HttpParseException extends RuntimeException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;
    private final int status;

    /** Creates the exception; {@code reason} is short, ASCII, and echoed to the peer. */
    public HttpParseException(int status, String reason) {
        super(reason, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status not an error: " + status);
        }
        this.status = status;
    }

    /** The HTTP status a server answers this error with. */
    public int status() {
        return status;
    }

    /** The short reason, the same as {@link #getMessage()}. */
    public String reason() {
        return getMessage();
    }

    static HttpParseException badRequest(String reason) {
        return new HttpParseException(400, reason);
    }
}
