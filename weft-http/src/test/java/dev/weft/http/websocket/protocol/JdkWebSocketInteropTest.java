package dev.weft.http.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketOptions;
import java.net.http.HttpClient;
import java.net.http.WebSocket.Listener;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Interop with the JDK's {@link java.net.http.WebSocket} client (which offers no compression). */
class JdkWebSocketInteropTest {
    /** Collects whole messages and events as strings: "text:...", "binary:<length>", "pong:...", "close:<code> <reason>". */
    private static final class Collector implements Listener {
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add("text:" + text);
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(java.net.http.WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                events.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(java.net.http.WebSocket ws, ByteBuffer message) {
            events.add("pong:" + java.nio.charset.StandardCharsets.UTF_8.decode(message));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(java.net.http.WebSocket ws, int statusCode, String reason) {
            events.add("close:" + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(java.net.http.WebSocket ws, Throwable error) {
            events.add(error);
        }

        Object next() throws InterruptedException {
            Object event = events.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("an event within 10 s").isNotNull();
            return event;
        }
    }

    @Test
    void jdkClientExchangesMessagesPingsAndCloses() throws Exception {
        WebSocketOptions options = WebSocketOptions.builder().subprotocols(List.of("chat.v1")).build();
        try (var server = TestWebSocketServer.start(options, TestWebSocketServer::echo);
             var http = HttpClient.newHttpClient()) {
            Collector collector = new Collector();
            java.net.http.WebSocket ws = http.newWebSocketBuilder().subprotocols("chat.v1", "other")
                    .buildAsync(server.uri("/ws"), collector).get(10, TimeUnit.SECONDS);
            assertThat(ws.getSubprotocol()).isEqualTo("chat.v1");

            ws.sendText("hello", true).get(10, TimeUnit.SECONDS);
            assertThat(collector.next()).isEqualTo("text:hello");

            ws.sendText("frag", false).get(10, TimeUnit.SECONDS); // a fragmented message: continuation frames
            ws.sendText("mented", true).get(10, TimeUnit.SECONDS);
            assertThat(collector.next()).isEqualTo("text:fragmented");

            byte[] big = new byte[3 * 1024 * 1024];
            new java.util.Random(7).nextBytes(big);
            ws.sendBinary(ByteBuffer.wrap(big), true).get(10, TimeUnit.SECONDS);
            assertThat(collector.next()).isEqualTo(big);

            ws.sendPing(ByteBuffer.wrap("ping!".getBytes(java.nio.charset.StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
            assertThat(collector.next()).isEqualTo("pong:ping!");

            ws.sendClose(4000, "bye").get(10, TimeUnit.SECONDS);
            assertThat(collector.next()).isEqualTo("close:4000 bye");
            WebSocketSession session = server.nextSession();
            assertThat(session.subprotocol()).contains("chat.v1");
            assertThat(session.awaitClosed(Duration.ofSeconds(10))).isTrue();
            assertThat(session.closeStatus()).contains(new CloseStatus(4000, "bye"));
        }
    }

    @Test
    void jdkClientSeesTheServersCloseCode() throws Exception {
        try (var server = TestWebSocketServer.start(WebSocketOptions.defaults(), ws -> {
                 ws.receive();
                 ws.close(4002, "policy of the test");
             });
             var http = HttpClient.newHttpClient()) {
            Collector collector = new Collector();
            java.net.http.WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(server.uri("/ws"), collector).get(10, TimeUnit.SECONDS);
            ws.sendText("go", true).get(10, TimeUnit.SECONDS);
            assertThat(collector.next()).isEqualTo("close:4002 policy of the test");
            // The JDK client answers the close frame by itself once onClose returns, echoing the code
            // with an empty reason; the server's session ends on that answer and records it.
            WebSocketSession session = server.nextSession();
            assertThat(session.awaitClosed(Duration.ofSeconds(10))).isTrue();
            assertThat(session.closeStatus()).contains(new CloseStatus(4002, ""));
            // The JDK marks its output closed only in the completion callback of that automatic close
            // write, which may run after the server has already read the frame: wait for it, bounded.
            assertThat(outputClosedWithin(ws, Duration.ofSeconds(5))).isTrue();
        }
    }

    private static boolean outputClosedWithin(java.net.http.WebSocket ws, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ws.isOutputClosed() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return ws.isOutputClosed();
    }
}
