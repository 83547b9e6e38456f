package dev.weft.http.websocket;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket.Listener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** End to end through the HTTP server: {@code WebApp.websocket} with the echo route of the design sketch. */
class WebAppWebSocketTest {
    private static HttpServer start() {
        WebApp app = WebApp.create().websocket("/ws", (request, ws) -> {
            for (WebSocketMessage message : ws) {
                if (message.text().equals("close")) {
                    ws.close();
                } else {
                    ws.send("Echo: " + message.text());
                }
            }
        });
        return HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0)
                .shutdownGrace(Duration.ofSeconds(2)).build());
    }

    @Test
    void echoRouteAnswersTheJdkClientAndClosesOnRequest() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Listener listener = new Listener() {
            @Override
            public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                events.add("text:" + data);
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(java.net.http.WebSocket ws, int statusCode, String reason) {
                events.add("close:" + statusCode);
                return null;
            }
        };
        try (HttpServer server = start(); HttpClient http = HttpClient.newHttpClient()) {
            java.net.http.WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), listener).get(10, TimeUnit.SECONDS);
            ws.sendText("hello", true).get(10, TimeUnit.SECONDS);
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("text:Echo: hello");
            ws.sendText("close", true).get(10, TimeUnit.SECONDS);
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("close:1000");
        }
    }

    @Test
    void echoRouteAnswersPythonWebsocketsWithCompression() throws Exception {
        String script = """
                import asyncio, sys, websockets
                async def main(uri):
                    async with websockets.connect(uri, compression="deflate") as ws:
                        print([e.name for e in ws.extensions])
                        await ws.send("x" * 100000)
                        reply = await ws.recv()
                        print(reply == "Echo: " + "x" * 100000)
                        await ws.send("close")
                        await ws.wait_closed()
                        print(ws.close_code)
                asyncio.run(main(sys.argv[1]))
                """;
        try (HttpServer server = start()) {
            Process process = new ProcessBuilder("/usr/bin/python3", "-c", script, "ws://127.0.0.1:" + server.port() + "/ws")
                    .redirectErrorStream(true).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(output).isEqualTo("['permessage-deflate']\nTrue\n1000\n");
        }
    }

    @Test
    void badHandshakeThroughTheServerGets426() throws Exception {
        try (HttpServer server = start(); Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 7\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] head = new byte[12];
            int n = socket.getInputStream().readNBytes(head, 0, head.length);
            assertThat(new String(head, 0, n, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 426");
        }
    }
}
