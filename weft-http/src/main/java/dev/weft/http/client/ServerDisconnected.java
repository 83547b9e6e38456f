package dev.weft.http.client;

/**
 * The server closed the connection before sending a complete response head (aiohttp's
 * {@code ServerDisconnectedError}). Thrown when the request could not be retried: it was not idempotent,
 * its body could not be sent twice, or it already failed once on a fresh connection. Immutable.
 */
public final class ServerDisconnected extends HttpClientException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code cause} is the I/O error seen, if any. */
    public ServerDisconnected(String message, Throwable cause) {
        super(message, cause);
    }
}
