package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocket;
import java.nio.ByteBuffer;

/**
 * Decodes WebSocket frames (RFC 6455 §5.2) from bytes; does no I/O. Feed it whatever bytes arrived
 * with {@link #next(ByteBuffer)}: it returns a frame once one is complete, or null after consuming
 * every byte it was given. Not thread-safe: one connection's read loop owns it.
 *
 * <p>It enforces the frame-level rules, failing as soon as the offending header byte is seen: RSV bits
 * (RSV1 only on data frames when permessage-deflate is on; RSV2/RSV3 never), reserved opcodes,
 * masking by role (a server rejects unmasked frames, a client masked ones), control frames that are
 * fragmented or longer than 125 bytes, 64-bit lengths with the top bit set, and frames longer than the
 * configured maximum (1009). After it threw, the byte stream has lost its framing and the reader is
 * {@link #failed()}. Message-level rules (continuations, UTF-8, sizes) belong to {@link MessageReader}.
 */
final class FrameReader {
    private enum State { HEADER, PAYLOAD, FAILED }

    private static final int MAX_HEADER = 14;

    private final Role role;
    private final int maxFrameSize;
    private final boolean rsv1Allowed;
    private final byte[] header = new byte[MAX_HEADER];
    private State state = State.HEADER;
    private int headerFill;
    private byte[] payload;
    private int payloadFill;

    /**
     * @param role         which end reads: decides whether frames must be masked
     * @param maxFrameSize the largest payload accepted, in bytes
     * @param rsv1Allowed  whether permessage-deflate was negotiated (RSV1 marks compressed messages)
     */
    FrameReader(Role role, int maxFrameSize, boolean rsv1Allowed) {
        if (maxFrameSize <= 0) {
            throw new IllegalArgumentException("maxFrameSize <= 0: " + maxFrameSize);
        }
        this.role = role;
        this.maxFrameSize = maxFrameSize;
        this.rsv1Allowed = rsv1Allowed;
    }

    /**
     * Consumes bytes from {@code in} and returns the next complete frame, or null once {@code in} is
     * exhausted without completing one (the partial frame is kept for the next call).
     *
     * @throws WebSocketProtocolError if the bytes break a frame-level rule; the reader is then failed
     */
    Frame next(ByteBuffer in) {
        if (state == State.FAILED) {
            throw new IllegalStateException("frame reader failed earlier; the stream has lost its framing");
        }
        try {
            if (state == State.HEADER) {
                if (!fillHeader(in)) {
                    return null;
                }
                startPayload();
            }
            int n = Math.min(in.remaining(), payload.length - payloadFill);
            in.get(payload, payloadFill, n);
            payloadFill += n;
            if (payloadFill < payload.length) {
                return null;
            }
            return finishFrame();
        } catch (WebSocketProtocolError e) {
            state = State.FAILED;
            throw e;
        }
    }

    /** Whether a violation made the reader give up: the rest of the stream cannot be framed. */
    boolean failed() {
        return state == State.FAILED;
    }

    private boolean fillHeader(ByteBuffer in) {
        while (headerFill < headerLength()) {
            if (!in.hasRemaining()) {
                return false;
            }
            header[headerFill++] = in.get();
            if (headerFill == 2) {
                checkFirstTwoBytes();
            }
        }
        return true;
    }

    private int headerLength() {
        if (headerFill < 2) {
            return 2;
        }
        int length7 = header[1] & 0x7F;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        return 2 + extended + (isMasked() ? 4 : 0);
    }

    private boolean isMasked() {
        return (header[1] & 0x80) != 0;
    }

    private void checkFirstTwoBytes() {
        int b0 = header[0] & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        if ((b0 & 0x30) != 0) {
            throw new WebSocketProtocolError(CloseStatus.PROTOCOL_ERROR, "RSV2/RSV3 set without a negotiated extension");
        }
        if (!Frame.isKnown(opcode)) {
            throw new WebSocketProtocolError(CloseStatus.PROTOCOL_ERROR, "reserved opcode 0x" + Integer.toHexString(opcode));
        }
        if ((b0 & 0x40) != 0 && (!rsv1Allowed || Frame.isControl(opcode))) {
            throw new WebSocketProtocolError(CloseStatus.PROTOCOL_ERROR,
                    rsv1Allowed ? "RSV1 set on a control frame" : "RSV1 set without permessage-deflate");
        }
        if (isMasked() != role.expectsMaskedFrames()) {
            throw new WebSocketProtocolError(CloseStatus.PROTOCOL_ERROR,
                    role == Role.SERVER ? "client frame is not masked" : "server frame is masked");
        }
        if (Frame.isControl(opcode)) {
            if (!fin) {
                throw new WebSocketProtocolError(CloseStatus.PROTOCOL_ERROR, "fragmented control frame");
            }
            if ((header[1] & 0x7F) > Frame.MAX_CONTROL_PAYLOAD) {
                throw new WebSocketProtocolError(CloseStatus.PROTOCOL_ERROR, "control frame longer than 125 bytes");
            }
        }
    }

    private void startPayload() {
        int length7 = header[1] & 0x7F;
        long length;
        if (length7 == 126) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        } else if (length7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
            if (length < 0) {
                throw new WebSocketProtocolError(CloseStatus.PROTOCOL_ERROR, "64-bit frame length with the top bit set");
            }
        } else {
            length = length7;
        }
        if (length > maxFrameSize) {
            throw new WebSocketProtocolError(CloseStatus.MESSAGE_TOO_BIG,
                    "frame of " + length + " bytes exceeds the limit of " + maxFrameSize);
        }
        payload = new byte[(int) length];
        payloadFill = 0;
        state = State.PAYLOAD;
    }

    private Frame finishFrame() {
        int b0 = header[0] & 0xFF;
        if (isMasked()) {
            int keyOffset = headerFill - 4;
            Masking.apply(payload, 0, payload.length, header, keyOffset);
        }
        Frame frame = new Frame((b0 & 0x80) != 0, (b0 & 0x40) != 0, b0 & 0x0F, payload);
        payload = null;
        headerFill = 0;
        state = State.HEADER;
        return frame;
    }
}
