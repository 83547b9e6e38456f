package dev.weft.http.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Interop with WebSocket clients nobody here wrote: Python's {@code websockets} and {@code aiohttp}
 * (Debian packages, run with {@code /usr/bin/python3}), with and without permessage-deflate, with
 * large, incompressible and fragmented messages, pings and the close handshake.
 */
class PythonInteropTest {
    private static final WebSocketOptions OPTIONS = WebSocketOptions.builder()
            .subprotocols(List.of("chat.v1", "chat.v2")).build();

    private static final String WEBSOCKETS_CLIENT = """
            import asyncio, json, os, sys
            import websockets

            async def main(uri, compression):
                results = {}
                async with websockets.connect(uri, compression=compression, max_size=None,
                                              subprotocols=["chat.v2", "chat.v1"]) as ws:
                    results["subprotocol"] = ws.subprotocol
                    results["extensions"] = [e.name for e in ws.extensions]
                    await ws.send("h\\u00e9llo \\U0001F600")
                    results["text"] = await ws.recv()
                    big = bytes(range(256)) * 8192
                    await ws.send(big)
                    results["big"] = (await ws.recv()) == big
                    noise = os.urandom(1 << 20)
                    await ws.send(noise)
                    results["noise"] = (await ws.recv()) == noise
                    await ws.send(["frag", "mented ", "\\u00e9", "message"])
                    results["fragmented"] = await ws.recv()
                    for i in range(20):
                        await ws.send("repeat %d" % i)
                    results["repeats"] = [await ws.recv() for i in range(20)]
                    pong = await ws.ping(b"p")
                    await asyncio.wait_for(pong, 10)
                    results["pong"] = True
                    await ws.send("close")
                    try:
                        await asyncio.wait_for(ws.recv(), 10)
                    except websockets.ConnectionClosed:
                        pass
                    await ws.wait_closed()
                    results["close_code"] = ws.close_code
                print(json.dumps(results))

            asyncio.run(main(sys.argv[1], None if sys.argv[2] == "none" else sys.argv[2]))
            """;

    private static final String AIOHTTP_CLIENT = """
            import asyncio, json, os, sys
            import aiohttp

            async def main(uri, compress):
                results = {}
                async with aiohttp.ClientSession() as session:
                    async with session.ws_connect(uri, compress=compress, max_msg_size=0, protocols=("chat.v1",)) as ws:
                        results["protocol"] = ws.protocol
                        results["compress"] = ws.compress
                        await ws.send_str("h\\u00e9llo")
                        results["text"] = (await ws.receive()).data
                        noise = os.urandom(1 << 20)
                        await ws.send_bytes(noise)
                        results["noise"] = (await ws.receive()).data == noise
                        big = "abc" * 500000
                        await ws.send_str(big)
                        results["big"] = (await ws.receive()).data == big
                        await ws.ping(b"x")
                        await ws.send_str("close")
                        message = await ws.receive()
                        results["close_type"] = message.type.name
                        results["close_code"] = ws.close_code
                print(json.dumps(results))

            asyncio.run(main(sys.argv[1], int(sys.argv[2])))
            """;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("python client did not finish within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as(output).isZero();
        String lastLine = output.substring(output.lastIndexOf('\n') + 1);
        return new ObjectMapper().readValue(lastLine, Map.class);
    }

    private static void assertWebsocketsClient(String compression, List<String> expectedExtensions) throws Exception {
        try (var server = TestWebSocketServer.start(OPTIONS, TestWebSocketServer::echo)) {
            Map<String, Object> results = run(WEBSOCKETS_CLIENT, server.uri("/ws").toString(), compression);
            assertThat(results).containsEntry("subprotocol", "chat.v2")
                    .containsEntry("extensions", expectedExtensions)
                    .containsEntry("text", "h\u00e9llo \uD83D\uDE00")
                    .containsEntry("big", true)
                    .containsEntry("noise", true)
                    .containsEntry("fragmented", "fragmented \u00e9message")
                    .containsEntry("repeats", java.util.stream.IntStream.range(0, 20).mapToObj(i -> "repeat " + i).toList())
                    .containsEntry("pong", true)
                    .containsEntry("close_code", 1000);
            WebSocketSession session = server.nextSession();
            assertThat(session.awaitClosed(java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(session.closeStatus()).hasValueSatisfying(s -> assertThat(s.code()).isEqualTo(1000));
        }
    }

    @Test
    void pythonWebsocketsClientWithPermessageDeflate() throws Exception {
        assertWebsocketsClient("deflate", List.of("permessage-deflate"));
    }

    @Test
    void pythonWebsocketsClientWithoutCompression() throws Exception {
        assertWebsocketsClient("none", List.of());
    }

    private static void assertAiohttpClient(int compress) throws Exception {
        try (var server = TestWebSocketServer.start(OPTIONS, TestWebSocketServer::echo)) {
            Map<String, Object> results = run(AIOHTTP_CLIENT, server.uri("/ws").toString(), Integer.toString(compress));
            assertThat(results).containsEntry("protocol", "chat.v1")
                    .containsEntry("compress", compress)
                    .containsEntry("text", "h\u00e9llo")
                    .containsEntry("noise", true)
                    .containsEntry("big", true)
                    .containsEntry("close_type", "CLOSE")
                    .containsEntry("close_code", 1000);
        }
    }

    @Test
    void aiohttpClientWithPermessageDeflate() throws Exception {
        assertAiohttpClient(15);
    }

    @Test
    void aiohttpClientWithoutCompression() throws Exception {
        assertAiohttpClient(0);
    }
}
