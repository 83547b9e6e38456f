package dev.weft.http.websocket;

import dev.weft.http.WeftHttpException;

/**
 * The root of the unchecked exceptions the WebSocket API throws. Immutable.
 */
public class WebSocketException extends WeftHttpException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that says what went wrong. */
    public WebSocketException(String message) {
        super(message, null);
    }

    /** Creates an exception with a message and the low-level cause (an {@code IOException}, say). */
    public WebSocketException(String message, Throwable cause) {
        super(message, cause);
    }
}
