package dev.weft.http.client;

import java.net.URI;

/**
 * A response had an error status (4xx or 5xx) and the client was asked to raise for it
 * ({@code raiseForStatus}, aiohttp's {@code ClientResponseError}). The response was closed. Immutable.
 */
public final class ClientResponseError extends HttpClientException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String reason;
    private final URI url;

    /** Creates the exception for {@code status} answered by {@code url}. */
    public ClientResponseError(int status, String reason, URI url) {
        super(status + " " + reason + " from " + url);
        this.status = status;
        this.reason = reason;
        this.url = url;
    }

    /** The response status. */
    public int status() {
        return status;
    }

    /** The reason phrase the server sent (possibly empty). */
    public String reason() {
        return reason;
    }

    /** The URL that answered, after redirects. */
    public URI url() {
        return url;
    }
}
