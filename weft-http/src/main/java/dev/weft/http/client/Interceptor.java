package dev.weft.http.client;

/**
 * A step around requests, in OkHttp's style: logging, metrics, tracing headers, retries, canned
 * responses. Registered on {@link HttpClient.Builder#interceptor} (application interceptors: once per
 * call, around redirects, seeing the request as the caller built it and the final response) or
 * {@link HttpClient.Builder#networkInterceptor} (once per HTTP exchange, each redirect hop included,
 * seeing the absolute URL and the headers actually sent, defaults and cookies included; {@code Host},
 * {@code Content-Length} and {@code Transfer-Encoding} are added after them). WebSocket upgrades do not
 * go through interceptors.
 *
 * <p>The client's own steps are interceptors in the same chains: after the application interceptors
 * come raiseForStatus (when enabled) and the redirect step, which sends each hop down the network
 * chain; that starts with the cookie step and the decompression step, so network interceptors see the
 * {@code Cookie} and {@code Accept-Encoding} headers and the response as sent (still compressed).
 *
 * <p>An application interceptor may call {@link Chain#proceed} several times (retries; close the
 * responses it drops) or not at all (a cached response). A network interceptor must call it exactly
 * once: the client checks, and throws {@link IllegalStateException} naming the interceptor otherwise.
 * Implementations must be thread-safe: the client calls them from many threads at once.
 *
 * {@snippet :
 * Interceptor timing = chain -> {
 *     long start = System.nanoTime();
 *     ClientResponse response = chain.proceed(chain.request());
 *     log.info(chain.request().method() + " " + chain.request().url() + " -> " + response.status()
 *             + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
 *     return response;
 * };
 * var client = HttpClient.builder().interceptor(timing).build();
 * }
 */
@FunctionalInterface
public interface Interceptor {
    /**
     * Handles one request, usually by passing it (or a changed copy) on with {@code chain.proceed}.
     *
     * @return the response, never null
     */
    ClientResponse intercept(Chain chain);

    /** The rest of the chain as one interceptor sees it. Not thread-safe: used by one call. */
    interface Chain {
        /** The request as it reached this interceptor. */
        ClientRequest request();

        /** Passes {@code request} to the next interceptor, or sends it after the last one. */
        ClientResponse proceed(ClientRequest request);
    }
}
