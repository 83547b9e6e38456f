package dev.weft.examples.echo;

import dev.weft.http.server.Request;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketMessage;

/**
 * The seeds' WebSocket echo: answers every text message with {@code Echo: <message>}, binary
 * messages with the same bytes, and closes when a client sends {@code close}.
 *
 * {@snippet :
 * app.websocket("/ws", EchoSocket::handle);
 * }
 */
public final class EchoSocket {
    private EchoSocket() {
    }

    /** Serves one socket until the client closes it or asks to with {@code close}. */
    public static void handle(Request request, WebSocket ws) {
        for (WebSocketMessage message : ws) {
            if (!message.isText()) {
                ws.send(message.bytes());
            } else if (message.text().equals("close")) {
                ws.close(1000, "closed on request");
                return;
            } else {
                ws.send("Echo: " + message.text());
            }
        }
    }
}
