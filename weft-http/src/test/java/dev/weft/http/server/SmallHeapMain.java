package dev.weft.http.server;

import dev.weft.core.TaskGroup;
import dev.weft.http.websocket.WebSocketClosed;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process for {@link SmallHeapWebSocketTest}: a server in a small heap (the test starts it with
 * {@code -Xmx64m}) whose {@code /hog} sockets each get four senders of fresh 1 MiB messages, the way
 * a feed serialising each message anew would send. It prints a line as each socket ends.
 */
public final class SmallHeapMain {
    private static final int MESSAGE = 1 << 20;

    private SmallHeapMain() {
    }

    /** Serves on an ephemeral port of 127.0.0.1 with the default WebSocket bounds and a 3 s write timeout. */
    public static void main(String[] args) {
        var ended = new AtomicInteger();
        var app = WebApp.create()
                .get("/", req -> Response.text("up"))
                .websocket("/hog", (req, ws) -> {
                    try (var senders = TaskGroup.open()) {
                        for (int i = 0; i < 4; i++) {
                            senders.spawn(() -> {
                                try {
                                    while (true) {
                                        ws.send(new byte[MESSAGE]);
                                    }
                                } catch (WebSocketClosed e) {
                                    return e.status();
                                }
                            });
                        }
                        senders.join();
                    }
                    System.out.println("ended " + ended.incrementAndGet());
                });
        System.out.println("heap " + Runtime.getRuntime().maxMemory());
        HttpServer.run(app, ServerConfig.builder().host("127.0.0.1").port(0).writeTimeout(Duration.ofSeconds(3)).build());
    }
}
