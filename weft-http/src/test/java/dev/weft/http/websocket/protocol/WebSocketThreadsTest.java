package dev.weft.http.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.LiveThreads;
import dev.weft.http.websocket.WebSocketBroadcaster;
import dev.weft.http.websocket.WebSocketMessage;
import dev.weft.http.websocket.WebSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A WebSocket and a broadcaster own their threads: after close(), none of those they started is alive. */
class WebSocketThreadsTest {
    private static final WebSocketOptions OPTIONS = WebSocketOptions.builder()
            .heartbeat(Duration.ofSeconds(30)).closeTimeout(Duration.ofMillis(300)).build();

    private static void drain(WebSocketSession ws) {
        for (WebSocketMessage ignored : ws) {
            // keeps the socket open until it is closed
        }
    }

    @Test
    void closeLeavesNoThreadOfTheSocketAlive() throws Exception {
        LiveThreads before = LiveThreads.now();
        try (var server = TestWebSocketServer.start(OPTIONS, WebSocketThreadsTest::drain);
             var client = RawClient.connect(server.port())) {
            WebSocketSession session = server.nextSession();
            assertThat(LiveThreads.now().startedSince(before, "weft-websocket"))
                    .contains("weft-websocket-reader", "weft-websocket-heartbeat");
            session.close(); // the raw client never answers: the close timeout ends the wait
            assertThat(LiveThreads.now().startedSince(before, "weft-websocket")).isEmpty();
        }
    }

    @Test
    void closeLeavesNoThreadOfTheBroadcasterAliveAndItsSocketsOpen() throws Exception {
        LiveThreads before = LiveThreads.now();
        var broadcaster = WebSocketBroadcaster.create(4);
        try (var server = TestWebSocketServer.start(OPTIONS, WebSocketThreadsTest::drain);
             var client = RawClient.connect(server.port())) {
            WebSocketSession session = server.nextSession();
            broadcaster.add(session);
            broadcaster.broadcast("news");
            assertThat(new String(client.readNonPing().payload(), StandardCharsets.UTF_8)).isEqualTo("news");
            assertThat(LiveThreads.now().startedSince(before, "weft-websocket-broadcast"))
                    .contains("weft-websocket-broadcast");
            broadcaster.close();
            assertThat(LiveThreads.now().startedSince(before, "weft-websocket-broadcast")).isEmpty();
            assertThat(session.isOpen()).isTrue();
            session.close();
        }
    }
}
