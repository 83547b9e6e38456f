package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocketException;

/**
 * The peer broke RFC 6455 or RFC 7692: thrown by the frame and message decoders with the close code
 * the connection must be failed with (1002 protocol error, 1007 invalid payload data, 1009 too big).
 * Internal: applications see the outcome as the socket's {@link CloseStatus}.
 */
final class WebSocketProtocolError extends WebSocketException {
    private static final long serialVersionUID = 1L;
    private final int closeCode;

    WebSocketProtocolError(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    int closeCode() {
        return closeCode;
    }

    CloseStatus toCloseStatus() {
        return new CloseStatus(closeCode, CloseReasons.truncate(getMessage()));
    }
}
