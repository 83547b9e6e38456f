package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.WebSocket;
import java.util.Objects;

/**
 * One decoded WebSocket frame (RFC 6455 §5.2) with its payload already unmasked. RSV2 and RSV3 are
 * absent because no extension Weft negotiates uses them: the {@link FrameReader} rejects them. The
 * payload array is owned by the frame and not copied.
 *
 * @param fin     whether this is the last frame of its message
 * @param rsv1    the "per-message compressed" bit of RFC 7692
 * @param opcode  one of the {@code Frame} opcode constants
 * @param payload the unmasked application data
 */
record Frame(boolean fin, boolean rsv1, int opcode, byte[] payload) {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** RFC 6455 §5.5: control frame payloads are at most 125 bytes. */
    static final int MAX_CONTROL_PAYLOAD = 125;

    Frame {
        Objects.requireNonNull(payload, "payload");
        if (!isKnown(opcode)) {
            throw new IllegalArgumentException("unknown opcode: 0x" + Integer.toHexString(opcode));
        }
    }

    static boolean isKnown(int opcode) {
        return opcode == CONTINUATION || opcode == TEXT || opcode == BINARY
                || opcode == CLOSE || opcode == PING || opcode == PONG;
    }

    static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    @Override
    public String toString() {
        return "Frame[fin=" + fin + ", rsv1=" + rsv1 + ", opcode=0x" + Integer.toHexString(opcode)
                + ", payload=" + payload.length + " bytes]";
    }
}
