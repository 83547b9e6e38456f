package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocketMessage;

/**
 * What one received frame amounted to, as the {@link MessageReader} reports it to the connection.
 */
sealed interface Inbound {
    /** A complete data message. */
    record Message(WebSocketMessage message) implements Inbound {
    }

    /** A ping to answer with a pong carrying the same payload. */
    record Ping(byte[] payload) implements Inbound {
    }

    /** A pong (solicited or not). */
    record Pong(byte[] payload) implements Inbound {
    }

    /** The peer's close frame: {@code status} is 1005 when it carried no code. */
    record Close(CloseStatus status) implements Inbound {
    }
}
