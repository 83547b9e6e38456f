package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * The server side of a WebSocket connection after a successful handshake. The HTTP server writes the
 * 101 response, calls {@link #serve}, runs the application's handler with the session, then calls
 * {@link #close()} (or {@code close(1011, ...)} when the handler threw, {@code close(1001, ...)} on
 * shutdown). Thread-safe, as every {@link WebSocket}.
 *
 * <p>{@code serve} starts one task that reads frames, answers pings, handles the peer's close and
 * queues messages for {@link #receive()}, and, when a heartbeat is configured, one that pings; both
 * belong to the session's own weft-core supervisor, which {@link #close()} closes. Both end when the
 * connection does; the session then closes both streams (RFC 6455 §7.1.1: the server closes the TCP
 * connection first).
 *
 * {@snippet :
 * if (ServerHandshake.negotiate(method, version, headers, options) instanceof HandshakeResult.Accepted accepted) {
 *     writeSwitchingProtocols(out, accepted.responseHeaders());
 *     try (WebSocketSession ws = WebSocketSession.serve(accepted, in, out, options)) {
 *         handler.handle(request, ws);
 *     }
 * }
 * }
 */
public interface WebSocketSession extends WebSocket {
    /**
     * Starts serving a connection whose 101 response has been written.
     *
     * @param accepted the handshake's outcome: subprotocol and compression parameters
     * @param in       the connection's input, including any bytes read past the request head
     * @param out      the connection's output; each frame is written with one call and flushed
     * @param options  the limits; use the same options as for {@link ServerHandshake#negotiate}
     * @return the open session
     */
    static WebSocketSession serve(HandshakeResult.Accepted accepted, InputStream in, OutputStream out,
                                  WebSocketOptions options) {
        return serve(accepted, in, out, options, OutboundBudget.UNBOUNDED);
    }

    /**
     * Starts serving a connection whose 101 response has been written, its sends counted against
     * {@code serverWide} as well as against {@link WebSocketOptions#maxOutboundBytes()}.
     *
     * @param serverWide the bytes every socket of the server may hold waiting to be written, together
     * @see #serve(HandshakeResult.Accepted, InputStream, OutputStream, WebSocketOptions)
     */
    static WebSocketSession serve(HandshakeResult.Accepted accepted, InputStream in, OutputStream out,
                                  WebSocketOptions options, OutboundBudget serverWide) {
        Objects.requireNonNull(accepted, "accepted");
        return RealWebSocket.start(Role.SERVER, accepted.subprotocol(), accepted.deflate(),
                Objects.requireNonNull(in, "in"), Objects.requireNonNull(out, "out"),
                Objects.requireNonNull(options, "options"), Objects.requireNonNull(serverWide, "serverWide"));
    }

    /**
     * Waits until the connection has ended (both streams closed, its threads finished).
     *
     * @return whether it ended within {@code timeout}
     */
    boolean awaitClosed(Duration timeout);
}
