package dev.weft.http.client;

import dev.weft.http.WeftHttpException;

/**
 * The root of the unchecked exceptions the HTTP client throws (aiohttp's {@code ClientError}). The
 * subtypes say what failed: {@link ServerDisconnected}, {@link ClientTimeout}, {@link ClientResponseError},
 * {@link TooManyRedirects}, {@link InvalidResponse}; a plain {@code HttpClientException} wraps a connection
 * failure ({@code ConnectException}, unknown host) as its cause. Immutable.
 */
public class HttpClientException extends WeftHttpException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception whose message says what went wrong. */
    public HttpClientException(String message) {
        super(message, null);
    }

    /** Creates an exception with a message and the low-level cause. */
    public HttpClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
