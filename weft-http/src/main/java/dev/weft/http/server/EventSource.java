package dev.weft.http.server;

/**
 * The producer of a Server-Sent Events stream ({@code text/event-stream}): it runs on the connection's
 * virtual thread and sends events until it returns or the client goes away. Resume support comes from
 * {@link Request#header(String) request.header("Last-Event-ID")}.
 *
 * {@snippet :
 * app.get("/ticks", req -> Response.events(sink -> {
 *     long next = req.header("Last-Event-ID") == null ? 0 : Long.parseLong(req.header("Last-Event-ID")) + 1;
 *     for (long i = next; sink.isOpen(); i++) {
 *         sink.send(ServerEvent.of("tick " + i).withId(Long.toString(i)));
 *         Thread.sleep(1000);
 *     }
 * }));
 * }
 */
@FunctionalInterface
public interface EventSource {
    /** Sends events to {@code sink}; returning ends the stream. */
    void stream(EventSink sink) throws Exception;
}
