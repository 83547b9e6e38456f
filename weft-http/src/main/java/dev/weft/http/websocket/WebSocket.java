package dev.weft.http.websocket;

import java.util.Optional;

/**
 * An open WebSocket connection (RFC 6455), seen the same way from a server handler and from a client:
 * iterate over the incoming messages, send text and binary messages, close with a code.
 *
 * <p>Thread-safe. {@code send}, {@code ping} and {@code close} may be called from several threads at
 * once: frames never interleave. Messages are received by one consumer at a time (two threads calling
 * {@link #receive()} each get different messages). Pings from the peer are answered automatically.
 *
 * <p>Blocking calls honour weft-core cancellation: {@link #receive()} ends with
 * {@link dev.weft.core.Cancelled} or {@link dev.weft.core.DeadlineExceeded} when the calling task is
 * cancelled or its deadline passes, and the socket stays usable; a {@code send} cancelled in the middle
 * of writing a frame aborts the connection, because the peer could not make sense of the rest.
 *
 * {@snippet :
 * app.websocket("/ws", (request, ws) -> {
 *     for (WebSocketMessage message : ws) {          // ends when the peer closes
 *         if (message.text().equals("close")) {
 *             ws.close();
 *         } else {
 *             ws.send("Echo: " + message.text());
 *         }
 *     }
 * });
 * }
 */
public interface WebSocket extends AutoCloseable, Iterable<WebSocketMessage> {
    /**
     * Waits for the next message.
     *
     * @throws WebSocketClosed when the socket closed and every message received before has been taken
     * @throws dev.weft.core.Cancelled when the calling task is cancelled or its deadline passes
     */
    WebSocketMessage receive();

    /**
     * Sends a text message, compressed when permessage-deflate was negotiated.
     *
     * @throws WebSocketClosed if this side already sent its close frame or the connection broke
     */
    void send(String text);

    /**
     * Sends a binary message holding {@code data} (not modified).
     *
     * @throws WebSocketClosed if this side already sent its close frame or the connection broke
     */
    void send(byte[] data);

    /**
     * Sends a ping; the peer answers with a pong, which also counts for the heartbeat.
     *
     * @throws IllegalArgumentException if {@code payload} is longer than 125 bytes
     * @throws WebSocketClosed          if the socket is closed or closing
     */
    void ping(byte[] payload);

    /** Closes with 1000 (normal closure); see {@link #close(int, String)}. */
    @Override
    void close();

    /**
     * Starts the close handshake with {@code code} and {@code reason}, waits (up to the configured close
     * timeout) for the peer's answer, and closes the connection. Messages not yet received are dropped.
     * Idempotent: once closed or closing, it only waits for the connection to end.
     *
     * @throws IllegalArgumentException if {@code code} may not be sent ({@link CloseStatus#isSendable}) or
     *                                  the reason is longer than 123 UTF-8 bytes
     */
    void close(int code, String reason);

    /** Whether messages can still be sent: neither side has started the close handshake. */
    boolean isOpen();

    /** The subprotocol agreed during the handshake, if any. */
    Optional<String> subprotocol();

    /**
     * Why the connection closed, once it has: the peer's close code and reason, the code this side
     * failed the connection with (1002, 1007, 1009), or 1006 when it ended without a close frame.
     * Empty while the connection is open or closing.
     */
    Optional<CloseStatus> closeStatus();
}
