package dev.weft.http.websocket.protocol;

import static dev.weft.http.websocket.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class PerMessageDeflateTest {
    private static final DeflateParameters TAKEOVER = new DeflateParameters(false, false, 15, 15);
    private static final DeflateParameters NO_TAKEOVER = new DeflateParameters(true, true, 15, 15);

    private static byte[] inflate(PerMessageDeflate codec, byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            codec.decompress(frame, out::write);
        }
        codec.finishMessage(out::write);
        return out.toByteArray();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void inflatesRfc7692CompressedHello() {
        try (var codec = new PerMessageDeflate(TAKEOVER, Role.CLIENT, -1)) {
            assertThat(text(inflate(codec, hex("f2 48 cd c9 c9 07 00")))).isEqualTo("Hello");
        }
    }

    @Test
    void inflatesRfc7692HelloSplitAcrossTwoFrames() {
        try (var codec = new PerMessageDeflate(TAKEOVER, Role.CLIENT, -1)) {
            assertThat(text(inflate(codec, hex("f2 48 cd"), hex("c9 c9 07 00")))).isEqualTo("Hello");
        }
    }

    @Test
    void inflatesRfc7692SecondMessageThatReferencesTheFirstThroughTheSharedWindow() {
        try (var codec = new PerMessageDeflate(TAKEOVER, Role.CLIENT, -1)) {
            assertThat(text(inflate(codec, hex("f2 48 cd c9 c9 07 00")))).isEqualTo("Hello");
            assertThat(text(inflate(codec, hex("f2 00 11 00 00")))).isEqualTo("Hello");
        }
    }

    @Test
    void inflatesRfc7692StoredBlockFinalBlockAndTwoBlocks() {
        try (var codec = new PerMessageDeflate(TAKEOVER, Role.CLIENT, -1)) {
            assertThat(text(inflate(codec, hex("00 05 00 fa ff 48 65 6c 6c 6f 00")))).isEqualTo("Hello");
        }
        try (var codec = new PerMessageDeflate(TAKEOVER, Role.CLIENT, -1)) {
            assertThat(text(inflate(codec, hex("f3 48 cd c9 c9 07 00 00")))).isEqualTo("Hello");
            // After a final block the next message starts a new stream.
            assertThat(text(inflate(codec, hex("f2 48 cd c9 c9 07 00")))).isEqualTo("Hello");
        }
        try (var codec = new PerMessageDeflate(TAKEOVER, Role.CLIENT, -1)) {
            assertThat(text(inflate(codec, hex("f2 48 05 00 00 00 ff ff ca c9 c9 07 00")))).isEqualTo("Hello");
        }
    }

    @Test
    void compressesWithoutTheSyncFlushTailAndRoundTrips() {
        try (var server = new PerMessageDeflate(TAKEOVER, Role.SERVER, Deflater.DEFAULT_COMPRESSION);
             var client = new PerMessageDeflate(TAKEOVER, Role.CLIENT, Deflater.DEFAULT_COMPRESSION)) {
            byte[] hello = server.compress("Hello".getBytes(StandardCharsets.UTF_8));
            assertThat(Arrays.copyOfRange(hello, Math.max(0, hello.length - 4), hello.length)).isNotEqualTo(hex("00 00 ff ff"));
            assertThat(text(inflate(client, hello))).isEqualTo("Hello");
            byte[] empty = server.compress(new byte[0]);
            assertThat(empty).hasSizeLessThanOrEqualTo(1);
            assertThat(inflate(client, empty)).isEmpty();
        }
    }

    @Test
    void contextTakeoverShrinksRepeatedMessagesAndNoTakeoverDoesNot() {
        byte[] message = "the quick brown fox jumps over the lazy dog, again and again".getBytes(StandardCharsets.UTF_8);
        try (var takeover = new PerMessageDeflate(TAKEOVER, Role.SERVER, -1);
             var reset = new PerMessageDeflate(NO_TAKEOVER, Role.SERVER, -1);
             var takeoverPeer = new PerMessageDeflate(TAKEOVER, Role.CLIENT, -1);
             var resetPeer = new PerMessageDeflate(NO_TAKEOVER, Role.CLIENT, -1)) {
            byte[] first = takeover.compress(message);
            byte[] second = takeover.compress(message);
            assertThat(second.length).isLessThan(first.length / 2);
            assertThat(inflate(takeoverPeer, first)).isEqualTo(message);
            assertThat(inflate(takeoverPeer, second)).isEqualTo(message);

            byte[] firstReset = reset.compress(message);
            byte[] secondReset = reset.compress(message);
            assertThat(secondReset).isEqualTo(firstReset);
            assertThat(inflate(resetPeer, firstReset)).isEqualTo(message);
            assertThat(inflate(resetPeer, secondReset)).isEqualTo(message);
        }
    }

    @Test
    void noContextTakeoverIsAppliedPerRole() {
        // server_no_context_takeover only: the server resets its compressor, the client keeps its own.
        DeflateParameters serverOnly = new DeflateParameters(true, false, 15, 15);
        byte[] message = "repeat repeat repeat repeat".getBytes(StandardCharsets.UTF_8);
        try (var server = new PerMessageDeflate(serverOnly, Role.SERVER, -1);
             var client = new PerMessageDeflate(serverOnly, Role.CLIENT, -1)) {
            assertThat(server.compress(message)).isEqualTo(server.compress(message));
            assertThat(client.compress(message).length).isGreaterThan(client.compress(message).length);
        }
    }

    @Test
    void corruptDataIsAnInvalidPayloadViolation() {
        try (var codec = new PerMessageDeflate(TAKEOVER, Role.SERVER, -1)) {
            assertThatThrownBy(() -> inflate(codec, hex("ff ff ff ff ff")))
                    .isInstanceOfSatisfying(WebSocketProtocolError.class, e -> assertThat(e.closeCode()).isEqualTo(1007));
        }
    }

    @Test
    void deflateBombStopsAtTheSinkLimitWithoutInflatingEverything() {
        byte[] bomb;
        try (var compressor = new PerMessageDeflate(TAKEOVER, Role.CLIENT, 9)) {
            bomb = compressor.compress(new byte[64 * 1024 * 1024]); // 64 MiB of zeros, ~64 KiB compressed
        }
        assertThat(bomb.length).isLessThan(128 * 1024);
        long[] delivered = {0};
        int limit = 1024 * 1024;
        try (var codec = new PerMessageDeflate(TAKEOVER, Role.SERVER, -1)) {
            assertThatThrownBy(() -> codec.decompress(bomb, (data, offset, length) -> {
                delivered[0] += length;
                if (delivered[0] > limit) {
                    throw new WebSocketProtocolError(1009, "too big");
                }
            })).isInstanceOfSatisfying(WebSocketProtocolError.class, e -> assertThat(e.closeCode()).isEqualTo(1009));
        }
        // It stopped within one inflate chunk of the limit instead of producing 64 MiB.
        assertThat(delivered[0]).isBetween((long) limit, limit + 16L * 1024);
    }
}
