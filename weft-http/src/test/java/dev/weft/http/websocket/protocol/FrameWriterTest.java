package dev.weft.http.websocket.protocol;

import static dev.weft.http.websocket.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameWriterTest {
    private final FrameWriter server = new FrameWriter(Role.SERVER);
    private final FrameWriter client = new FrameWriter(Role.CLIENT);

    @Test
    void serverWritesRfc6455UnmaskedExamples() {
        assertThat(server.encode(Frame.TEXT, true, false, "Hello".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(hex("81 05 48 65 6c 6c 6f"));
        assertThat(server.encode(Frame.TEXT, false, false, "Hel".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(hex("01 03 48 65 6c"));
        assertThat(server.encode(Frame.CONTINUATION, true, false, "lo".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(hex("80 02 6c 6f"));
        assertThat(server.encode(Frame.PING, true, false, "Hello".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(hex("89 05 48 65 6c 6c 6f"));
    }

    @Test
    void serverUsesSixteenAndSixtyFourBitLengthsAtTheRfcBoundaries() {
        assertThat(server.encode(Frame.BINARY, true, false, new byte[125])).startsWith(hex("82 7d")).hasSize(127);
        assertThat(server.encode(Frame.BINARY, true, false, new byte[126])).startsWith(hex("82 7e 00 7e")).hasSize(130);
        assertThat(server.encode(Frame.BINARY, true, false, new byte[256])).startsWith(hex("82 7e 01 00"));
        assertThat(server.encode(Frame.BINARY, true, false, new byte[65535])).startsWith(hex("82 7e ff ff"));
        assertThat(server.encode(Frame.BINARY, true, false, new byte[65536]))
                .startsWith(hex("82 7f 00 00 00 00 00 01 00 00")).hasSize(65536 + 10);
    }

    @Test
    void setsRsv1ForCompressedMessages() {
        assertThat(server.encode(Frame.TEXT, true, true, new byte[] {0})[0]).isEqualTo((byte) 0xC1);
    }

    @Test
    void clientMasksEveryFrameWithAFreshKeyAndTheServerReaderUnmasksIt() {
        byte[] payload = "Hello, masked world".getBytes(StandardCharsets.UTF_8);
        byte[] first = client.encode(Frame.TEXT, true, false, payload);
        byte[] second = client.encode(Frame.TEXT, true, false, payload);
        assertThat(first[1] & 0x80).isEqualTo(0x80);
        assertThat(first).isNotEqualTo(second); // different keys (a 2^-32 chance of equality)
        FrameReader reader = new FrameReader(Role.SERVER, 1 << 20, false);
        assertThat(reader.next(ByteBuffer.wrap(first)).payload()).isEqualTo(payload);
        assertThat(reader.next(ByteBuffer.wrap(second)).payload()).isEqualTo(payload);
    }

    @Test
    void roundTripsEveryLengthClassBothWays() {
        for (int length : new int[] {0, 1, 3, 125, 126, 127, 65535, 65536, 70001}) {
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++) {
                payload[i] = (byte) (i * 31);
            }
            assertThat(new FrameReader(Role.SERVER, 1 << 20, false)
                    .next(ByteBuffer.wrap(client.encode(Frame.BINARY, true, false, payload))).payload())
                    .as("client to server, %d bytes", length).isEqualTo(payload);
            assertThat(new FrameReader(Role.CLIENT, 1 << 20, false)
                    .next(ByteBuffer.wrap(server.encode(Frame.BINARY, true, false, payload))).payload())
                    .as("server to client, %d bytes", length).isEqualTo(payload);
        }
    }

    @Test
    void refusesToWriteInvalidControlFrames() {
        assertThatThrownBy(() -> server.encode(Frame.PING, true, false, new byte[126]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("126 bytes");
        assertThatThrownBy(() -> server.encode(Frame.CLOSE, false, false, new byte[2]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.encode(0x3, true, false, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x3");
    }

    @Test
    void aServerHeaderFollowedByThePayloadIsTheWholeFrame() {
        for (int length : new int[]{0, 125, 126, 65535, 65536}) {
            byte[] payload = new byte[length];
            byte[] header = server.header(Frame.BINARY, true, true, length);
            assertThat(Bytes.concat(header, payload)).as("%d bytes", length)
                    .isEqualTo(server.encode(Frame.BINARY, true, true, payload));
        }
        assertThat(server.sendsPayloadAsIs()).isTrue();
        assertThat(client.sendsPayloadAsIs()).isFalse();
        assertThatThrownBy(() -> client.header(Frame.TEXT, true, false, 5)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> server.header(Frame.PING, true, false, 126)).isInstanceOf(IllegalArgumentException.class);
    }
}
