package dev.weft.http.websocket.protocol;

import static dev.weft.http.websocket.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocketMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MessageReaderTest {
    private static Frame frame(boolean fin, int opcode, byte[] payload) {
        return new Frame(fin, false, opcode, payload);
    }

    private static Frame text(boolean fin, int opcode, String text) {
        return frame(fin, opcode, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertViolation(MessageReader reader, Frame frame, int code, String message) {
        assertThatThrownBy(() -> reader.accept(frame))
                .isInstanceOfSatisfying(WebSocketProtocolError.class, e -> assertThat(e.closeCode()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    @Test
    void assemblesFragmentsWithControlFramesInBetween() {
        MessageReader reader = new MessageReader(1000, null);
        assertThat(reader.accept(text(false, Frame.TEXT, "Hel"))).isNull();
        assertThat(reader.accept(frame(true, Frame.PING, hex("01 02")))).isInstanceOfSatisfying(Inbound.Ping.class,
                ping -> assertThat(ping.payload()).containsExactly(1, 2));
        assertThat(reader.accept(text(false, Frame.CONTINUATION, "l"))).isNull();
        assertThat(reader.accept(frame(true, Frame.PONG, new byte[0]))).isInstanceOf(Inbound.Pong.class);
        assertThat(reader.accept(text(true, Frame.CONTINUATION, "o")))
                .isEqualTo(new Inbound.Message(WebSocketMessage.text("Hello")));
        assertThat(reader.accept(frame(false, Frame.BINARY, hex("01"))))
                .isNull();
        assertThat(reader.accept(frame(true, Frame.CONTINUATION, hex("02 03"))))
                .isEqualTo(new Inbound.Message(WebSocketMessage.binary(hex("01 02 03"))));
    }

    @Test
    void rejectsBadFragmentSequences() {
        assertViolation(new MessageReader(1000, null), text(true, Frame.CONTINUATION, "x"), 1002, "without a message");
        MessageReader reader = new MessageReader(1000, null);
        reader.accept(text(false, Frame.TEXT, "a"));
        assertViolation(reader, text(true, Frame.TEXT, "b"), 1002, "before the last fragment");
    }

    @Test
    void rejectsRsv1WithoutDeflateAndOnContinuations() {
        assertViolation(new MessageReader(1000, null), new Frame(true, true, Frame.TEXT, new byte[1]), 1002, "RSV1");
        try (var deflate = new PerMessageDeflate(new DeflateParameters(false, false, 15, 15), Role.SERVER, -1)) {
            MessageReader reader = new MessageReader(1000, deflate);
            reader.accept(new Frame(false, true, Frame.TEXT, hex("f2 48")));
            assertViolation(reader, new Frame(true, true, Frame.CONTINUATION, hex("cd")), 1002, "continuation");
        }
    }

    @Test
    void decompressesAFragmentedCompressedMessage() {
        try (var deflate = new PerMessageDeflate(new DeflateParameters(false, false, 15, 15), Role.SERVER, -1)) {
            MessageReader reader = new MessageReader(1000, deflate);
            assertThat(reader.accept(new Frame(false, true, Frame.TEXT, hex("f2 48 cd")))).isNull();
            assertThat(reader.accept(new Frame(true, false, Frame.CONTINUATION, hex("c9 c9 07 00"))))
                    .isEqualTo(new Inbound.Message(WebSocketMessage.text("Hello")));
        }
    }

    @Test
    void failsFastOnInvalidUtf8InTheFirstFragment() {
        MessageReader reader = new MessageReader(1000, null);
        // 0xC0 can never start valid UTF-8: the violation comes before the message's end.
        assertViolation(reader, frame(false, Frame.TEXT, hex("48 c0")), 1007, "UTF-8");
    }

    @Test
    void failsFastOnAnImpossibleSequenceSplitAcrossFragments() {
        MessageReader reader = new MessageReader(1000, null);
        assertThat(reader.accept(frame(false, Frame.TEXT, hex("ce")))).isNull(); // a valid 2-byte lead
        // F4 90 is above U+10FFFF: wrong as soon as its second byte arrives, with the message unfinished.
        MessageReader other = new MessageReader(1000, null);
        assertThat(other.accept(frame(false, Frame.TEXT, hex("f4")))).isNull();
        assertViolation(other, frame(false, Frame.CONTINUATION, hex("90")), 1007, "UTF-8");
        // And a character split across fragments that is valid decodes whole.
        assertThat(reader.accept(frame(true, Frame.CONTINUATION, hex("ba e1 bd b9 cf 83 ce bc ce b5"))))
                .isEqualTo(new Inbound.Message(WebSocketMessage.text("\u03ba\u1f79\u03c3\u03bc\u03b5")));
    }

    @Test
    void rejectsATextMessageEndingInsideACharacter() {
        MessageReader reader = new MessageReader(1000, null);
        assertViolation(reader, frame(true, Frame.TEXT, hex("48 e2 82")), 1007, "UTF-8");
    }

    @Test
    void rejectsEncodedSurrogates() {
        assertViolation(new MessageReader(1000, null), frame(true, Frame.TEXT, hex("ed a0 80")), 1007, "UTF-8");
    }

    @Test
    void countsTheLimitAcrossFragments() {
        MessageReader reader = new MessageReader(10, null);
        assertThat(reader.accept(frame(false, Frame.BINARY, new byte[6]))).isNull();
        assertViolation(reader, frame(true, Frame.CONTINUATION, new byte[5]), 1009, "limit of 10 bytes");
    }

    @Test
    void countsTheLimitOnDecompressedBytes() {
        byte[] zeros = new byte[100_000];
        byte[] compressed;
        try (var peer = new PerMessageDeflate(new DeflateParameters(false, false, 15, 15), Role.CLIENT, -1)) {
            compressed = peer.compress(zeros);
        }
        assertThat(compressed.length).isLessThan(1000);
        try (var deflate = new PerMessageDeflate(new DeflateParameters(false, false, 15, 15), Role.SERVER, -1)) {
            assertViolation(new MessageReader(50_000, deflate), new Frame(true, true, Frame.BINARY, compressed),
                    1009, "limit of 50000");
        }
    }

    @Test
    void readsTheLargestAllowedMessage() {
        MessageReader reader = new MessageReader(10, null);
        byte[] payload = new byte[10];
        Arrays.fill(payload, (byte) 7);
        assertThat(reader.accept(frame(true, Frame.BINARY, payload)))
                .isEqualTo(new Inbound.Message(WebSocketMessage.binary(payload)));
    }

    @Test
    void parsesCloseFrames() {
        assertThat(MessageReader.parseClose(new byte[0])).isEqualTo(new CloseStatus(1005, ""));
        assertThat(MessageReader.parseClose(hex("03 e8"))).isEqualTo(new CloseStatus(1000, ""));
        assertThat(MessageReader.parseClose(Bytes.concat(hex("0f a0"), "bye".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(new CloseStatus(4000, "bye"));
        assertThatThrownBy(() -> MessageReader.parseClose(hex("03")))
                .isInstanceOfSatisfying(WebSocketProtocolError.class, e -> assertThat(e.closeCode()).isEqualTo(1002));
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
            byte[] payload = {(byte) (code >>> 8), (byte) code};
            assertThatThrownBy(() -> MessageReader.parseClose(payload)).as("code %d", code)
                    .isInstanceOfSatisfying(WebSocketProtocolError.class, e -> assertThat(e.closeCode()).isEqualTo(1002));
        }
        assertThatThrownBy(() -> MessageReader.parseClose(hex("03 e8 c0")))
                .isInstanceOfSatisfying(WebSocketProtocolError.class, e -> assertThat(e.closeCode()).isEqualTo(1007));
    }

    @Test
    void encodesClosePayloads() {
        assertThat(MessageReader.closePayload(new CloseStatus(1005, ""))).isEmpty();
        assertThat(MessageReader.closePayload(new CloseStatus(1001, "bye")))
                .isEqualTo(Bytes.concat(hex("03 e9"), "bye".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void closeStatusValidatesWhatMayBeSent() {
        assertThat(CloseReasons.forSending(1013, "later")).isEqualTo(new CloseStatus(1013, "later"));
        assertThatThrownBy(() -> CloseReasons.forSending(1006, "")).hasMessageContaining("1006");
        assertThatThrownBy(() -> CloseReasons.forSending(1000, "x".repeat(124))).hasMessageContaining("124");
        assertThat(CloseReasons.truncate("é".repeat(100)).getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(123);
    }
}
