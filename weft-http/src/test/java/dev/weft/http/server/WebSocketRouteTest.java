package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.websocket.WebSocketMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The WebSocket routes of {@link WebApp}: handshake, hand-over of buffered bytes, close codes, shutdown. */
class WebSocketRouteTest {
    private static WebApp app() {
        return WebApp.create()
                .websocket("/echo", (req, ws) -> {
                    for (WebSocketMessage message : ws) {
                        ws.send("Echo: " + message.text());
                    }
                })
                .websocket("/fail", (req, ws) -> {
                    ws.receive();
                    throw new IllegalStateException("route bug");
                })
                .websocket("/hold", (req, ws) -> {
                    for (WebSocketMessage ignored : ws) {
                        // keeps the socket open until the peer or the server closes it
                    }
                });
    }

    private static HttpServer start() {
        return HttpServer.start(app(), LocalServer.config()
                .shutdownGrace(Duration.ofSeconds(5)).build());
    }

    /** Collects what a JDK WebSocket client receives. */
    static final class Listener implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }
    }

    private static WebSocket connect(HttpServer server, String path, Listener listener) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + path), listener).get(10, TimeUnit.SECONDS);
    }

    @Test
    void echoesWithTheJdkClientAndClosesNormally() throws Exception {
        try (var server = start()) {
            var listener = new Listener();
            var ws = connect(server, "/echo", listener);
            ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
            assertThat(listener.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("Echo: hello");
            ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
            assertThat(listener.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        }
    }

    @Test
    void countsOpenWebSocketsAndTellsTheAppItsServer() throws Exception {
        WebApp app = app();
        assertThat(app.server()).isEmpty();
        HttpServer server = HttpServer.start(app, LocalServer.config().build());
        try {
            assertThat(app.server()).containsSame(server);
            assertThat(server.openWebSockets()).isZero();
            var listener = new Listener();
            var ws = connect(server, "/echo", listener);
            ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
            // The echo proves the session runs, and it is counted before it runs.
            assertThat(listener.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("Echo: hello");
            assertThat(server.openWebSockets()).isEqualTo(1);
            assertThat(server.openConnections()).isEqualTo(1);
        } finally {
            server.close();
        }
        assertThat(server.openWebSockets()).isZero();
    }

    @Test
    void framesSentWithTheHandshakeAreNotLost() throws Exception {
        try (var server = start(); var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            byte[] handshake = ("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            var bytes = new ByteArrayOutputStream();
            bytes.writeBytes(handshake);
            bytes.writeBytes(maskedText("early"));
            socket.getOutputStream().write(bytes.toByteArray());
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols")
                    .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            int opcode = in.read();
            int length = in.read();
            assertThat(opcode).isEqualTo(0x81);
            assertThat(new String(in.readNBytes(length), StandardCharsets.UTF_8)).isEqualTo("Echo: early");
        }
    }

    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        var frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | payload.length);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    private static String readHead(InputStream in) throws Exception {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.read());
        }
        return head.toString();
    }

    @Test
    void badHandshakeIsRefusedWithItsStatus() throws Exception {
        try (var server = start(); var c = new RawClient(server.port())) {
            var r = c.send("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("Sec-WebSocket-Key");
            var wrongVersion = c.send("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n").read();
            assertThat(wrongVersion.status()).isEqualTo(426);
            assertThat(wrongVersion.header("Sec-WebSocket-Version")).isEqualTo("13");
        }
    }

    @Test
    void failingRouteClosesWith1011() throws Exception {
        try (var server = start()) {
            var listener = new Listener();
            var ws = connect(server, "/fail", listener);
            ws.sendText("trigger", true).get(5, TimeUnit.SECONDS);
            assertThat(listener.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1011);
        }
    }

    @Test
    void pythonWebsocketsClientTalksThroughTheRouteWithCompression() throws Exception {
        String script = """
                import asyncio, sys, websockets
                async def main():
                    async with websockets.connect(sys.argv[1]) as ws:
                        await ws.send("from python " + "x" * 10000)
                        reply = await ws.recv()
                        print([e.name for e in ws.extensions], reply[:24], len(reply))
                asyncio.run(main())
                """;
        try (var server = start()) {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, "ws://127.0.0.1:" + server.port() + "/echo")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out.strip()).isEqualTo("['permessage-deflate'] Echo: from python xxxxxx 10018");
        }
    }

    @Test
    void gracefulShutdownClosesSocketsWith1001() throws Exception {
        var server = start();
        var listener = new Listener();
        connect(server, "/hold", listener);
        var closing = CompletableFuture.runAsync(server::close);
        assertThat(listener.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
        closing.get(10, TimeUnit.SECONDS);
        assertThat(server.openConnections()).isZero();
    }
}
