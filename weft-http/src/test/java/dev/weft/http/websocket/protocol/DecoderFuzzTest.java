package dev.weft.http.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.websocket.CloseStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds mutated and random byte streams through the server's decoding pipeline (frame reader, message
 * reader, permessage-deflate): whatever the bytes, the only failure allowed is a
 * {@link WebSocketProtocolError} with a close code the connection can send. Seeds are fixed, so a failure
 * reproduces.
 */
class DecoderFuzzTest {
    private static final int LIMIT = 64 * 1024;

    /** A valid client stream: fragmented text, compressed and plain binary, pings, a close. */
    private static byte[] validStream(Random random) {
        FrameWriter writer = new FrameWriter(Role.CLIENT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var deflate = new PerMessageDeflate(new DeflateParameters(false, false, 15, 15), Role.CLIENT, -1)) {
            out.writeBytes(writer.encode(Frame.TEXT, false, false, "h\u00e9l".getBytes(StandardCharsets.UTF_8)));
            out.writeBytes(writer.encode(Frame.PING, true, false, new byte[random.nextInt(10)]));
            out.writeBytes(writer.encode(Frame.CONTINUATION, true, false, "lo \u20ac".getBytes(StandardCharsets.UTF_8)));
            byte[] data = new byte[random.nextInt(3000)];
            random.nextBytes(data);
            out.writeBytes(writer.encode(Frame.BINARY, true, true, deflate.compress(data)));
            out.writeBytes(writer.encode(Frame.TEXT, true, true, deflate.compress("again again again".getBytes(StandardCharsets.UTF_8))));
            out.writeBytes(writer.encode(Frame.BINARY, true, false, data));
            out.writeBytes(writer.encode(Frame.CLOSE, true, false, MessageReader.closePayload(new CloseStatus(1000, "bye"))));
        }
        return out.toByteArray();
    }

    /** Decodes {@code bytes} in random-sized chunks; returns the violation's code, or 0 if none. */
    private static int decode(byte[] bytes, Random random) {
        try (var deflate = new PerMessageDeflate(new DeflateParameters(false, false, 15, 15), Role.SERVER, -1)) {
            FrameReader frames = new FrameReader(Role.SERVER, LIMIT, true);
            MessageReader messages = new MessageReader(LIMIT, deflate);
            int offset = 0;
            while (offset < bytes.length) {
                int length = Math.min(bytes.length - offset, 1 + random.nextInt(64));
                ByteBuffer chunk = ByteBuffer.wrap(bytes, offset, length);
                offset += length;
                Frame frame;
                while ((frame = frames.next(chunk)) != null) {
                    messages.accept(frame);
                }
            }
            return 0;
        } catch (WebSocketProtocolError e) {
            return e.closeCode();
        }
    }

    @Test
    void theUnmutatedStreamDecodesCleanly() {
        Random random = new Random(1);
        assertThat(decode(validStream(random), random)).isZero();
    }

    @Test
    void mutatedStreamsFailOnlyWithProtocolViolations() {
        for (int seed = 0; seed < 3000; seed++) {
            Random random = new Random(seed);
            byte[] bytes = validStream(random);
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                int position = random.nextInt(bytes.length);
                bytes[position] ^= (byte) (1 << random.nextInt(8));
            }
            int code = decode(bytes, random);
            assertThat(code == 0 || CloseStatus.isSendable(code)).as("seed %d gave code %d", seed, code).isTrue();
        }
    }

    @Test
    void randomBytesFailOnlyWithProtocolViolations() {
        for (int seed = 0; seed < 3000; seed++) {
            Random random = new Random(seed);
            byte[] bytes = new byte[random.nextInt(400)];
            random.nextBytes(bytes);
            if (bytes.length > 1) {
                bytes[1] |= (byte) 0x80; // mostly masked, so decoding gets past the first check
            }
            int code = decode(bytes, random);
            assertThat(code == 0 || CloseStatus.isSendable(code)).as("seed %d gave code %d", seed, code).isTrue();
        }
    }
}
