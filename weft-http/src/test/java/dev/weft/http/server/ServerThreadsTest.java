package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.LiveThreads;
import dev.weft.http.websocket.WebSocketMessage;
import dev.weft.http.websocket.WebSocketOptions;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server owns its threads: after close(), none of those it started is alive. */
class ServerThreadsTest {
    private static final String[] SERVER_THREADS = {"weft-http-", "weft-sse-", "weft-websocket"};

    @Test
    void closeLeavesNoThreadItStartedAlive() throws Exception {
        LiveThreads before = LiveThreads.now();
        var never = new CountDownLatch(1);
        var socketOpen = new CountDownLatch(1);
        var app = WebApp.create()
                .get("/hello", req -> Response.text("hi"))
                .get("/events", req -> Response.events(Duration.ofMillis(50), sink -> {
                    sink.send("one");
                    never.await(); // a stream that outlives the grace period: shutdown cancels it
                }))
                .websocket("/ws", WebSocketOptions.builder().heartbeat(Duration.ofSeconds(30)).build(), (req, ws) -> {
                    socketOpen.countDown();
                    for (WebSocketMessage ignored : ws) {
                        // keeps the socket open until the server closes it
                    }
                });
        HttpServer server = HttpServer.start(app, LocalServer.config().shutdownGrace(Duration.ofMillis(300)).build());
        try (var idle = new RawClient(server.port());
             var events = new Socket("127.0.0.1", server.port());
             var ws = new Socket("127.0.0.1", server.port())) {
            assertThat(idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            events.getOutputStream().write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            readUntil(events.getInputStream(), "data: one");
            ws.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            readUntil(ws.getInputStream(), "\r\n\r\n");
            assertThat(socketOpen.await(10, TimeUnit.SECONDS)).as("the WebSocket route runs").isTrue();

            assertThat(LiveThreads.now().startedSince(before, SERVER_THREADS)).contains("weft-http-accept",
                    "weft-http-sweeper", "weft-sse-heartbeat", "weft-websocket-reader", "weft-websocket-heartbeat");
            server.close();
            assertThat(LiveThreads.now().startedSince(before, SERVER_THREADS)).isEmpty();
        }
    }

    private static void readUntil(InputStream in, String marker) throws Exception {
        var seen = new StringBuilder();
        int b;
        while (seen.indexOf(marker) < 0 && (b = in.read()) >= 0) {
            seen.append((char) b);
        }
        assertThat(seen.toString()).contains(marker);
    }
}
