package dev.weft.examples.feed;

import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocket;

/**
 * The feed over a WebSocket: one text message per change (its JSON, which carries its id), a
 * {@code {"kind":"ready"}} message first, and a close with 1013 (try again later) when the client is dropped.
 */
final class WebSocketSink implements FeedSink {
    private final WebSocket ws;

    WebSocketSink(WebSocket ws) {
        this.ws = ws;
    }

    @Override
    public void ready(long position) {
        ws.send("{\"kind\":\"ready\",\"id\":" + position + "}");
    }

    @Override
    public void send(FeedEvent event) {
        ws.send(event.json());
    }

    @Override
    public void dropped(String reason) {
        ws.close(CloseStatus.TRY_AGAIN_LATER, reason);
    }

    @Override
    public boolean isOpen() {
        return ws.isOpen();
    }
}
