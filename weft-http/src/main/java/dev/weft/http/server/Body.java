package dev.weft.http.server;

import dev.weft.http.websocket.HandshakeResult;
import dev.weft.http.websocket.WebSocketOptions;
import java.nio.file.Path;
import java.time.Duration;

/** What a {@link Response} carries after its head; the connection writes each kind its own way. */
sealed interface Body {
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

    /** An accepted WebSocket handshake: the connection answers 101 and hands itself to the route. */
    record Upgrade(HandshakeResult.Accepted accepted, WebSocketOptions options, WebSocketRoute route) implements Body {
    }

    Empty EMPTY = new Empty();
}
