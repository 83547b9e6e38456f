package dev.weft.http.client;

import java.net.URI;
import java.util.List;

/**
 * A request was redirected more times than allowed, typically a redirect loop. Immutable.
 */
public final class TooManyRedirects extends HttpClientException {
    private static final long serialVersionUID = 1L;
    private final transient List<URI> chain;

    /** Creates the exception; {@code chain} is every URL visited, in order. */
    public TooManyRedirects(int max, List<URI> chain) {
        super("more than " + max + " redirects: " + chain);
        this.chain = List.copyOf(chain);
    }

    /** Every URL visited, the first request's included, in order. */
    public List<URI> chain() {
        return chain;
    }
}
