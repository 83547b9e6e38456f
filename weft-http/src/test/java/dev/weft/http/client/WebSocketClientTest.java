package dev.weft.http.client;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.DeflateOptions;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketException;
import dev.weft.http.websocket.WebSocketOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The WebSocket client against Weft's own server and against Python's {@code websockets} server, with
 * and without permessage-deflate, subprotocols, extra headers and heartbeat.
 */
class WebSocketClientTest {
    private static final String PYTHON_ECHO_SERVER = """
            import asyncio, websockets
            async def echo(ws):
                await ws.send("protocol=%s header=%s" % (ws.subprotocol, ws.request_headers.get("X-Token")))
                async for message in ws:
                    await ws.send(message)
            async def main():
                async with websockets.serve(echo, "127.0.0.1", 0, max_size=None,
                                            subprotocols=["chat.v2"]) as server:
                    print(server.sockets[0].getsockname()[1], flush=True)
                    await asyncio.sleep(120)
            asyncio.run(main())
            """;

    private static HttpServer server;
    private static String base;
    private final HttpClient client = HttpClient.create();

    @BeforeAll
    static void startServer() {
        var app = WebApp.create()
                .websocket("/echo", WebSocketOptions.builder().subprotocols(List.of("chat.v1")).build(), (req, ws) -> {
                    ws.send("protocol=" + ws.subprotocol().orElse("none") + " header=" + req.header("X-Token"));
                    for (var message : ws) {
                        if (message.isText()) {
                            ws.send(message.text());
                        } else {
                            ws.send(message.bytes());
                        }
                    }
                })
                .get("/plain", req -> Response.text("not a websocket"));
        server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
        base = "ws://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeClient() {
        assertThat(client.poolStatistics().open()).as("upgraded connections leave the pool").isZero();
        client.close();
    }

    private static void exchangeMessages(WebSocket ws) {
        ws.send("h\u00e9llo");
        assertThat(ws.receive().text()).isEqualTo("h\u00e9llo");
        byte[] big = new byte[300_000];
        new Random(1).nextBytes(big);
        ws.send(big);
        assertThat(ws.receive().bytes()).isEqualTo(big);
        String compressible = "weft ".repeat(20_000);
        ws.send(compressible);
        assertThat(ws.receive().text()).isEqualTo(compressible);
    }

    @Test
    void talksToWeftsServerWithCompressionSubprotocolAndHeaders() {
        var request = ClientRequest.builder("GET", base + "/echo").header("X-Token", "t1").build();
        var options = WebSocketOptions.builder().subprotocols(List.of("chat.v2", "chat.v1"))
                .heartbeat(Duration.ofMillis(200)).build();
        try (WebSocket ws = client.websocket(request, options)) {
            assertThat(ws.subprotocol()).contains("chat.v1");
            assertThat(ws.receive().text()).isEqualTo("protocol=chat.v1 header=t1");
            exchangeMessages(ws);
        }
    }

    @Test
    void talksToWeftsServerWithoutCompression() {
        var options = WebSocketOptions.builder().deflate(DeflateOptions.DISABLED).build();
        try (WebSocket ws = client.websocket(base + "/echo", options)) {
            assertThat(ws.receive().text()).isEqualTo("protocol=none header=null");
            exchangeMessages(ws);
            ws.close(4000, "done");
            assertThat(ws.closeStatus()).map(CloseStatus::code).contains(4000);
        }
    }

    @Test
    void httpUrlsWorkAsWell() {
        try (WebSocket ws = client.websocket(base.replace("ws://", "http://") + "/echo")) {
            assertThat(ws.receive().text()).startsWith("protocol=none");
        }
    }

    @Test
    void refusedUpgradeIsAWebSocketExceptionWithTheStatus() {
        assertThatThrownBy(() -> client.websocket(base + "/plain"))
                .isInstanceOf(WebSocketException.class)
                .hasMessageContaining("answered 200");
        assertThatThrownBy(() -> client.websocket(base + "/missing"))
                .isInstanceOf(WebSocketException.class)
                .hasMessageContaining("404");
    }

    @Test
    void talksToPythonWebsocketsServerWhichShrinksItsOwnWindow() throws Exception {
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", PYTHON_ECHO_SERVER)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            var reader = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
            int port = Integer.parseInt(reader.readLine().strip());
            var request = ClientRequest.builder("GET", "ws://127.0.0.1:" + port + "/").header("X-Token", "py").build();
            var options = WebSocketOptions.builder().subprotocols(List.of("chat.v2"))
                    .maxMessageSize(16 * 1024 * 1024).build();
            for (DeflateOptions deflate : List.of(DeflateOptions.DEFAULT, DeflateOptions.DISABLED)) {
                try (WebSocket ws = client.websocket(request, options.toBuilder().deflate(deflate).build())) {
                    assertThat(ws.subprotocol()).contains("chat.v2");
                    assertThat(ws.receive().text()).isEqualTo("protocol=chat.v2 header=py");
                    exchangeMessages(ws);
                }
            }
        } finally {
            python.destroy();
            python.waitFor();
        }
    }
}
