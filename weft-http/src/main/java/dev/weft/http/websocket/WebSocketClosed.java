package dev.weft.http.websocket;

import java.util.Objects;

/**
 * Thrown by {@link WebSocket#receive()} once no message will ever arrive again, and by the
 * {@code send} methods once the socket can no longer send; carries why the socket closed. Immutable.
 *
 * {@snippet :
 * try {
 *     WebSocketMessage message = ws.receive();
 * } catch (WebSocketClosed closed) {
 *     log.info("peer left with " + closed.status().code());
 * }
 * }
 */
public class WebSocketClosed extends WebSocketException {
    private static final long serialVersionUID = 1L;
    private final transient CloseStatus status;

    /** Creates the exception for a socket closed with {@code status}. */
    public WebSocketClosed(CloseStatus status) {
        this(status, null);
    }

    /** Creates the exception for a socket closed with {@code status} because of {@code cause}. */
    public WebSocketClosed(CloseStatus status, Throwable cause) {
        super("WebSocket closed: " + Objects.requireNonNull(status, "status"), cause);
        this.status = status;
    }

    /** The close code and reason of the socket. */
    public CloseStatus status() {
        return status;
    }
}
