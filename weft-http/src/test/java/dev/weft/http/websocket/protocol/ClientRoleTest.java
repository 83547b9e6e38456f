package dev.weft.http.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketMessage;
import dev.weft.http.websocket.WebSocketOptions;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The same connection code in the client role (masking its frames, compressing with the client's
 * parameters), which the WebSocket client of issue 6 will build on: against Weft's own server and
 * against Python's {@code websockets} server, which limits its own window to 2^12 by default.
 */
class ClientRoleTest {
    private static final String PYTHON_ECHO_SERVER = """
            import asyncio, websockets
            async def echo(ws):
                async for message in ws:
                    await ws.send(message)
            async def main():
                async with websockets.serve(echo, "127.0.0.1", 0, max_size=None) as server:
                    print(server.sockets[0].getsockname()[1], flush=True)
                    await asyncio.sleep(120)
            asyncio.run(main())
            """;

    /** Performs a client handshake by hand (issue 6 will own the real one) and starts a client-role socket. */
    private static RealWebSocket connect(int port, String extensions) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        assertThat(head).startsWith("HTTP/1.1 101").contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        DeflateParameters deflate = null;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-extensions:")) {
                deflate = parametersFrom(ExtensionOffer.parse(List.of(line.substring(line.indexOf(':') + 1))).getFirst());
            }
        }
        return RealWebSocket.start(Role.CLIENT, null, deflate, in, socket.getOutputStream(),
                WebSocketOptions.builder().maxMessageSize(16 * 1024 * 1024).closeTimeout(Duration.ofSeconds(5)).build(),
                OutboundBudget.UNBOUNDED);
    }

    private static DeflateParameters parametersFrom(ExtensionOffer response) {
        assertThat(response.name()).isEqualTo("permessage-deflate");
        boolean serverReset = false;
        boolean clientReset = false;
        int serverBits = 15;
        for (ExtensionOffer.Parameter parameter : response.parameters()) {
            switch (parameter.name()) {
                case "server_no_context_takeover" -> serverReset = true;
                case "client_no_context_takeover" -> clientReset = true;
                case "server_max_window_bits" -> serverBits = Integer.parseInt(parameter.value());
                default -> throw new AssertionError("this client cannot honour " + parameter);
            }
        }
        return new DeflateParameters(serverReset, clientReset, serverBits, 15);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void exchange(RealWebSocket ws) {
        ws.send("h\u00e9llo");
        assertThat(ws.receive()).isEqualTo(WebSocketMessage.text("h\u00e9llo"));
        byte[] noise = new byte[1 << 20];
        new Random(3).nextBytes(noise);
        ws.send(noise);
        assertThat(ws.receive().bytes()).isEqualTo(noise);
        String big = "compressible ".repeat(200_000);
        ws.send(big);
        assertThat(ws.receive().text()).isEqualTo(big);
        for (int i = 0; i < 10; i++) {
            ws.send("again " + i);
            assertThat(ws.receive().text()).isEqualTo("again " + i);
        }
    }

    @Test
    void clientRoleTalksToWeftsServerWithCompression() throws Exception {
        try (var server = TestWebSocketServer.start(WebSocketOptions.builder().maxMessageSize(16 * 1024 * 1024).build(),
                TestWebSocketServer::echo)) {
            RealWebSocket ws = connect(server.port(), "permessage-deflate; server_no_context_takeover");
            exchange(ws);
            ws.close(4000, "done");
            assertThat(ws.closeStatus()).contains(new CloseStatus(4000, "done"));
            assertThat(ws.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void clientRoleTalksToPythonWebsocketsServer() throws Exception {
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", PYTHON_ECHO_SERVER).redirectErrorStream(true).start();
        try {
            String portLine = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(portLine).as("the python server's port").matches("\\d+");
            int port = Integer.parseInt(portLine);
            RealWebSocket compressed = connect(port, "permessage-deflate");
            exchange(compressed);
            compressed.close();
            assertThat(compressed.closeStatus()).contains(new CloseStatus(1000, ""));

            RealWebSocket plain = connect(port, null);
            exchange(plain);
            plain.close(4001, "plain done");
            assertThat(plain.closeStatus()).contains(new CloseStatus(4001, "plain done"));
        } finally {
            python.destroy();
            python.waitFor();
        }
    }
}
