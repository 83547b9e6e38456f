package dev.weft.http.websocket.protocol;

import static dev.weft.http.websocket.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import dev.weft.http.websocket.WebSocketMessage;
import dev.weft.http.websocket.WebSocketOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile frames against a WebSocket route of the real HTTP server, each on its own connection: the
 * server closes with the code RFC 6455 assigns (1002 protocol error, 1007 invalid data, 1009 too big),
 * the connection ends, and the server goes on serving. The unit tests of {@link FrameReader},
 * {@link MessageReader} and {@link PerMessageDeflate} cover the same rules on byte arrays.
 */
class HostileFramesTest {
    private static final int LIMIT = 64 * 1024;
    private static final FrameWriter CLIENT_FRAMES = new FrameWriter(Role.CLIENT);
    static HttpServer server;

    @BeforeAll
    static void start() {
        var options = WebSocketOptions.builder().maxMessageSize(LIMIT).closeTimeout(Duration.ofSeconds(2)).build();
        var app = WebApp.create().websocket("/ws", options, (req, ws) -> {
            for (WebSocketMessage message : ws) {
                if (message instanceof WebSocketMessage.Text text) {
                    ws.send(text.text());
                } else {
                    ws.send(message.bytes());
                }
            }
        });
        server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
    }

    @AfterAll
    static void stop() {
        server.close();
        assertThat(server.openConnections()).isZero();
    }

    /** Sends {@code frames} on a fresh connection and checks the server's close code and the connection's end. */
    private static void assertClosedWith(int code, String extension, byte[]... frames) throws IOException {
        try (var client = extension == null ? RawClient.connect(server.port())
                : RawClient.connect(server.port(), extension)) {
            for (byte[] frame : frames) {
                client.sendRaw(frame);
            }
            assertThat(client.readClose().code()).isEqualTo(code);
            try {
                client.sendClose(code, ""); // as a well-behaved peer would; the server may have closed already
            } catch (IOException alreadyClosed) {
                // The framing was lost: the server did not wait for our close frame.
            }
            assertThat(client.awaitEndOfStream()).as("the server ends the connection").isTrue();
        }
    }

    private static byte[] frame(int opcode, boolean fin, byte[] payload) {
        return CLIENT_FRAMES.encode(opcode, fin, false, payload);
    }

    @Test
    void oversizedFramesAndMessagesAre1009() throws IOException {
        assertClosedWith(1009, null, frame(Frame.BINARY, true, new byte[LIMIT + 1]));
        // A 64-bit length announcing 2^62 bytes: refused at the header, before any payload is awaited.
        assertClosedWith(1009, null, hex("82 ff 40 00 00 00 00 00 00 00 01 02 03 04"));
        assertClosedWith(1009, null, frame(Frame.TEXT, false, new byte[LIMIT / 2]),
                frame(Frame.CONTINUATION, false, new byte[LIMIT / 2]), frame(Frame.CONTINUATION, true, new byte[1]));
    }

    @Test
    void invalidUtf8IsA1007() throws IOException {
        assertClosedWith(1007, null, frame(Frame.TEXT, true, hex("ce ba e1 bd b9 cf 83 ed a0 80 65 64 69 74 65 64")));
        assertClosedWith(1007, null, frame(Frame.TEXT, false, hex("48 65")), frame(Frame.CONTINUATION, true, hex("c0 af")));
        assertClosedWith(1007, null, frame(Frame.CLOSE, true, hex("03 e8 ff fe")));
    }

    @Test
    void badCloseFramesAre1002() throws IOException {
        for (int code : new int[]{0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000}) {
            assertClosedWith(1002, null, frame(Frame.CLOSE, true, new byte[]{(byte) (code >> 8), (byte) code}));
        }
        assertClosedWith(1002, null, frame(Frame.CLOSE, true, new byte[]{3})); // a one-byte close payload
    }

    @Test
    void framesBreakingTheFramingRulesAre1002() throws IOException {
        assertClosedWith(1002, null, hex("81 05 48 65 6c 6c 6f")); // unmasked client frame
        assertClosedWith(1002, null, hex("09 80 00 00 00 00")); // a fragmented ping
        byte[] longPing = Arrays.copyOf(hex("89 fe 00 7e 00 00 00 00"), 8 + 126);
        assertClosedWith(1002, null, longPing); // a control frame over 125 bytes
        assertClosedWith(1002, null, hex("a2 80 00 00 00 00")); // RSV2
        assertClosedWith(1002, null, hex("c2 80 00 00 00 00")); // RSV1 without permessage-deflate
        assertClosedWith(1002, null, hex("83 80 00 00 00 00")); // reserved opcode
        assertClosedWith(1002, null, frame(Frame.CONTINUATION, true, "orphan".getBytes(StandardCharsets.UTF_8)));
        assertClosedWith(1002, null, frame(Frame.TEXT, false, hex("41")), frame(Frame.TEXT, true, hex("42")));
    }

    @Test
    void compressionBombsStopAtTheMessageLimitWith1009() throws IOException {
        byte[] bomb;
        try (var peer = new PerMessageDeflate(new DeflateParameters(false, false, 15, 15), Role.CLIENT, 9)) {
            bomb = peer.compress(new byte[64 * 1024 * 1024]); // 64 MiB of zeros in about 64 KiB
        }
        String offer = "Sec-WebSocket-Extensions: permessage-deflate";
        assertClosedWith(1009, offer, CLIENT_FRAMES.encode(Frame.BINARY, true, true, bomb));
        // The same bomb spread over four fragments, each small on the wire.
        int quarter = bomb.length / 4;
        assertClosedWith(1009, offer,
                CLIENT_FRAMES.encode(Frame.BINARY, false, true, Arrays.copyOfRange(bomb, 0, quarter)),
                frame(Frame.CONTINUATION, false, Arrays.copyOfRange(bomb, quarter, 2 * quarter)),
                frame(Frame.CONTINUATION, false, Arrays.copyOfRange(bomb, 2 * quarter, 3 * quarter)),
                frame(Frame.CONTINUATION, true, Arrays.copyOfRange(bomb, 3 * quarter, bomb.length)));
    }

    @Test
    void theServerStillEchoesAfterHostileConnections() throws IOException {
        try (var client = RawClient.connect(server.port())) {
            client.sendText("still serving");
            assertThat(client.readText()).isEqualTo("still serving");
            client.sendClose(1000, "");
            assertThat(client.readClose().code()).isEqualTo(1000);
        }
    }
}
