package dev.weft.http.server.http1;

import dev.weft.http.server.Request;
import dev.weft.http.server.Response;

/** One request on its way through the application. Used by the connection's thread only. */
public interface Exchange {
    /** The request as handlers see it. */
    Request request();

    /** Runs the application: its response, or the problem response for what it threw. */
    Response respond();

    /** The problem response for {@code failure}, met before any byte of a response was sent. */
    Response problem(Throwable failure);

    /** Whether {@link #close()} runs actions meant for after the response is out: the engine flushes it first. */
    boolean hasAfterResponse();

    /** Ends the exchange: runs the request's after-response actions and deletes the uploads it spooled to disk. */
    void close();
}
