package dev.weft.http.server.http1;

import dev.weft.http.server.EventSource;
import dev.weft.http.server.Response;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a {@link Response} carries after its head: the framework builds one, the engine writes each kind
 * its own way. Immutable.
 */
public sealed interface Body {
    /** No body ({@code Content-Length: 0}, or none at all for 1xx/204/304). */
    record Empty() implements Body {
    }

    /** A body known in full: written with {@code Content-Length} in the same write as the head. */
    record Bytes(byte[] data) implements Body {
    }

    /** A file, with conditional requests, ranges and zero-copy transfer. */
    record File(Path path) implements Body {
    }

    /** A body produced while it is sent: chunked (or close-delimited for HTTP/1.0). */
    record Stream(Response.BodyWriter writer) implements Body {
    }

    /** A Server-Sent Events stream with comment heartbeats. */
    record Events(EventSource source, Duration heartbeat) implements Body {
    }

    /** A switch of protocols: the engine answers 101 with the response's fields, then hands itself to {@code upgrade}. */
    record Switch(Upgrade upgrade) implements Body {
    }

    /** The one empty body. */
    Empty EMPTY = new Empty();
}
