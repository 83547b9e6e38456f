package dev.weft.http.client;

import java.time.Duration;

/**
 * A client timeout expired (aiohttp's {@code ServerTimeoutError}/{@code ConnectionTimeoutError}); the
 * connection concerned is closed, never returned to the pool. An expired weft-core deadline is reported
 * as {@link dev.weft.core.DeadlineExceeded} instead. Immutable.
 */
public final class ClientTimeout extends HttpClientException {
    private static final long serialVersionUID = 1L;

    /** Which of the configured timeouts expired. */
    public enum Kind {
        /** Establishing the TCP (and TLS) connection. */
        CONNECT,
        /** Waiting for the next bytes of the response. */
        READ,
        /** The whole request, from sending it to the end of the response body. */
        TOTAL,
        /** Waiting for a free connection slot in the pool. */
        POOL
    }

    private final Kind kind;

    /** Creates the exception for {@code kind} after {@code limit}. */
    public ClientTimeout(Kind kind, Duration limit, String what) {
        super(kind.name().toLowerCase(java.util.Locale.ROOT) + " timeout (" + limit + ") expired: " + what);
        this.kind = kind;
    }

    /** Which timeout expired. */
    public Kind kind() {
        return kind;
    }
}
