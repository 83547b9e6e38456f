package dev.weft.http.websocket.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.http.websocket.WebSocketMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The inbound half of a WebSocket as a connection runs it: frames decoded from reads of the fuzzer's
 * choosing, assembled into messages, inflated when permessage-deflate was negotiated, text checked as
 * UTF-8. Any input ends in messages no larger than the limit (a compression bomb included) or
 * {@link WebSocketProtocolError}; a message-level error leaves the stream framed, so reading goes on.
 */
class WebSocketReadingFuzzTest {
    private static final int MAX_FRAME = 4096;
    private static final int MAX_MESSAGE = 8192;

    @FuzzTest
    void inbound(FuzzedDataProvider fuzz) {
        Role role = fuzz.consumeBoolean() ? Role.SERVER : Role.CLIENT;
        boolean compressed = fuzz.consumeBoolean();
        PerMessageDeflate deflate = compressed
                ? new PerMessageDeflate(new DeflateParameters(fuzz.consumeBoolean(), fuzz.consumeBoolean(), 15, 15), role, 6)
                : null;
        var frames = new FrameReader(role, MAX_FRAME, compressed);
        var messages = new MessageReader(MAX_MESSAGE, deflate);
        try {
            while (fuzz.remainingBytes() > 0) {
                ByteBuffer read = ByteBuffer.wrap(fuzz.consumeBytes(1 + fuzz.consumeInt(0, 256)));
                while (read.hasRemaining()) {
                    Frame frame = frames.next(read);
                    if (frame == null) {
                        break;
                    }
                    check(frame, messages);
                }
            }
        } catch (WebSocketProtocolError framingLost) {
            // the reader refused a frame header: the connection closes with that code
        } finally {
            if (deflate != null) {
                deflate.close();
            }
        }
    }

    private static void check(Frame frame, MessageReader messages) {
        try {
            if (messages.accept(frame) instanceof Inbound.Message(WebSocketMessage message)) {
                int size = message.isText() ? message.text().getBytes(StandardCharsets.UTF_8).length : message.bytes().length;
                if (size > MAX_MESSAGE) {
                    throw new AssertionError("a " + size + "-byte message passed the " + MAX_MESSAGE + "-byte limit");
                }
            }
        } catch (WebSocketProtocolError messageRefused) {
            // only this message is bad; the stream stays framed
        }
    }
}
