package dev.weft.http.server;

/**
 * A request handler: it takes a request and returns the response (aiohttp's handler coroutine, run
 * on the connection's virtual thread, so it may block). Throw an {@link HttpException} to answer
 * with an error status. Implementations must be safe to call from many threads at once.
 *
 * {@snippet :
 * Handler hello = req -> Response.text("Hello, " + req.queryParam("name"));
 * }
 */
@FunctionalInterface
public interface Handler {
    /** Handles {@code request}; any exception becomes an error response. */
    Response handle(Request request) throws Exception;
}
