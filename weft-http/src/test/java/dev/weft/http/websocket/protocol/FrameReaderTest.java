package dev.weft.http.websocket.protocol;

import static dev.weft.http.websocket.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
    private static final int MAX = 1 << 20;

    /** Feeds the bytes one at a time, so that every state boundary is crossed mid-header and mid-payload. */
    private static List<Frame> readByteByByte(FrameReader reader, byte[] bytes) {
        List<Frame> frames = new ArrayList<>();
        for (byte b : bytes) {
            Frame frame = reader.next(ByteBuffer.wrap(new byte[] {b}));
            if (frame != null) {
                frames.add(frame);
            }
        }
        return frames;
    }

    private static List<Frame> readAll(FrameReader reader, byte[] bytes) {
        List<Frame> frames = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Frame frame;
        while ((frame = reader.next(in)) != null) {
            frames.add(frame);
        }
        assertThat(in.hasRemaining()).isFalse();
        return frames;
    }

    private static String text(Frame frame) {
        return new String(frame.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void readsRfc6455UnmaskedSingleFrameTextAsClient() {
        List<Frame> frames = readByteByByte(new FrameReader(Role.CLIENT, MAX, false), hex("81 05 48 65 6c 6c 6f"));
        assertThat(frames).singleElement().satisfies(f -> {
            assertThat(f.fin()).isTrue();
            assertThat(f.opcode()).isEqualTo(Frame.TEXT);
            assertThat(text(f)).isEqualTo("Hello");
        });
    }

    @Test
    void readsRfc6455MaskedSingleFrameTextAsServer() {
        List<Frame> frames = readByteByByte(new FrameReader(Role.SERVER, MAX, false),
                hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertThat(frames).singleElement().extracting(FrameReaderTest::text).isEqualTo("Hello");
    }

    @Test
    void readsRfc6455FragmentedUnmaskedText() {
        List<Frame> frames = readAll(new FrameReader(Role.CLIENT, MAX, false), hex("01 03 48 65 6c 80 02 6c 6f"));
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).fin()).isFalse();
        assertThat(frames.get(0).opcode()).isEqualTo(Frame.TEXT);
        assertThat(text(frames.get(0))).isEqualTo("Hel");
        assertThat(frames.get(1).fin()).isTrue();
        assertThat(frames.get(1).opcode()).isEqualTo(Frame.CONTINUATION);
        assertThat(text(frames.get(1))).isEqualTo("lo");
    }

    @Test
    void readsRfc6455PingAndMaskedPong() {
        Frame ping = readAll(new FrameReader(Role.CLIENT, MAX, false), hex("89 05 48 65 6c 6c 6f")).getFirst();
        assertThat(ping.opcode()).isEqualTo(Frame.PING);
        assertThat(text(ping)).isEqualTo("Hello");
        Frame pong = readAll(new FrameReader(Role.SERVER, MAX, false), hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58")).getFirst();
        assertThat(pong.opcode()).isEqualTo(Frame.PONG);
        assertThat(text(pong)).isEqualTo("Hello");
    }

    @Test
    void readsRfc6455SixteenAndSixtyFourBitLengths() {
        byte[] medium = Bytes.concat(hex("82 7E 01 00"), new byte[256]);
        assertThat(readByteByByte(new FrameReader(Role.CLIENT, MAX, false), medium))
                .singleElement().satisfies(f -> assertThat(f.payload()).hasSize(256));
        byte[] large = Bytes.concat(hex("82 7F 00 00 00 00 00 01 00 00"), new byte[65536]);
        assertThat(readAll(new FrameReader(Role.CLIENT, MAX, false), large))
                .singleElement().satisfies(f -> assertThat(f.payload()).hasSize(65536));
    }

    @Test
    void readsSeveralFramesFromOneBufferAndKeepsPartialOnes() {
        FrameReader reader = new FrameReader(Role.CLIENT, MAX, false);
        byte[] bytes = hex("81 02 68 69 89 00 82 03 01 02");
        ByteBuffer in = ByteBuffer.wrap(bytes);
        assertThat(text(reader.next(in))).isEqualTo("hi");
        assertThat(reader.next(in).opcode()).isEqualTo(Frame.PING);
        assertThat(reader.next(in)).isNull(); // a binary frame missing its last byte
        assertThat(reader.next(ByteBuffer.wrap(hex("03"))).payload()).containsExactly(1, 2, 3);
    }

    @Test
    void emptyPayloadFrameCompletesAtItsHeader() {
        Frame frame = new FrameReader(Role.SERVER, MAX, false).next(ByteBuffer.wrap(hex("88 80 01 02 03 04")));
        assertThat(frame.opcode()).isEqualTo(Frame.CLOSE);
        assertThat(frame.payload()).isEmpty();
    }

    private static void assertViolation(Role role, boolean deflate, String hexBytes, int code, String message) {
        FrameReader reader = new FrameReader(role, 1000, deflate);
        assertThatThrownBy(() -> readByteByByte(reader, hex(hexBytes)))
                .isInstanceOfSatisfying(WebSocketProtocolError.class, e -> assertThat(e.closeCode()).isEqualTo(code))
                .hasMessageContaining(message);
        assertThat(reader.failed()).isTrue();
        assertThatThrownBy(() -> reader.next(ByteBuffer.wrap(hex("81 00")))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void serverRejectsUnmaskedClientFrame() {
        assertViolation(Role.SERVER, false, "81 05 48 65 6c 6c 6f", 1002, "not masked");
    }

    @Test
    void clientRejectsMaskedServerFrame() {
        assertViolation(Role.CLIENT, false, "81 85 37 fa 21 3d 7f 9f 4d 51 58", 1002, "masked");
    }

    @Test
    void rejectsReservedBitsAndOpcodes() {
        assertViolation(Role.CLIENT, false, "a1 00", 1002, "RSV2/RSV3");
        assertViolation(Role.CLIENT, false, "91 00", 1002, "RSV2/RSV3");
        assertViolation(Role.CLIENT, false, "c1 00", 1002, "RSV1 set without permessage-deflate");
        assertViolation(Role.CLIENT, true, "c9 00", 1002, "RSV1 set on a control frame");
        assertViolation(Role.CLIENT, false, "83 00", 1002, "reserved opcode 0x3");
        assertViolation(Role.CLIENT, false, "8b 00", 1002, "reserved opcode 0xb");
    }

    @Test
    void acceptsRsv1OnDataFramesWhenDeflateIsNegotiated() {
        Frame frame = new FrameReader(Role.CLIENT, MAX, true).next(ByteBuffer.wrap(hex("c1 01 00")));
        assertThat(frame.rsv1()).isTrue();
    }

    @Test
    void rejectsBadControlFrames() {
        assertViolation(Role.CLIENT, false, "09 00", 1002, "fragmented control frame");
        assertViolation(Role.CLIENT, false, "89 7e 00 7e", 1002, "longer than 125");
    }

    @Test
    void rejectsFramesOverTheLimitBeforeReadingThePayload() {
        // 1001 bytes against a limit of 1000: the reader fails at the header, having allocated nothing.
        assertViolation(Role.CLIENT, false, "82 7e 03 e9", 1009, "exceeds the limit of 1000");
        assertViolation(Role.CLIENT, false, "82 7f 00 00 00 01 00 00 00 00", 1009, "exceeds");
    }

    @Test
    void rejectsSixtyFourBitLengthWithTopBitSet() {
        assertViolation(Role.CLIENT, false, "82 7f 80 00 00 00 00 00 00 00", 1002, "top bit");
    }
}
