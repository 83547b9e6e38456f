package dev.weft.http.server;

/**
 * A step around the handlers with aiohttp's semantics: it gets the request and the next handler,
 * and returns a response, calling {@code next} (usually once) or answering itself. Middlewares added
 * first run outermost. Implementations must be safe to call from many threads at once.
 *
 * {@snippet :
 * Middleware timing = (req, next) -> {
 *     long t0 = System.nanoTime();
 *     Response res = next.handle(req);
 *     return res.header("Server-Timing", "app;dur=" + (System.nanoTime() - t0) / 1_000_000);
 * };
 * app.use(timing);
 * }
 */
@FunctionalInterface
public interface Middleware {
    /** Handles {@code request}, delegating to {@code next} for the rest of the chain. */
    Response handle(Request request, Handler next) throws Exception;
}
