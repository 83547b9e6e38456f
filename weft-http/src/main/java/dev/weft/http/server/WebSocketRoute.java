package dev.weft.http.server;

import dev.weft.http.websocket.WebSocket;

/**
 * The handler of a WebSocket route ({@link WebApp#websocket}): it runs on the connection's virtual
 * thread once the handshake succeeded, and the socket is closed with 1000 when it returns, 1011
 * when it throws. Implementations must be safe to call from many threads at once.
 *
 * {@snippet :
 * app.websocket("/ws", (req, ws) -> {
 *     for (var message : ws) {
 *         ws.send("Echo: " + message.text());
 *     }
 * });
 * }
 */
@FunctionalInterface
public interface WebSocketRoute {
    /** Talks over {@code ws}, the upgraded connection of {@code request}. */
    void handle(Request request, WebSocket ws) throws Exception;
}
