package dev.weft.http.client;

/**
 * The connection failed or closed before a single byte of the response arrived: the request may be
 * retried on a fresh connection if it is idempotent (the keep-alive race). Internal; callers turn it
 * into {@link ServerDisconnected} when they do not retry.
 */
final class NoResponseYet extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoResponseYet(Throwable cause) {
        super("no response", cause, false, false);
    }
}
