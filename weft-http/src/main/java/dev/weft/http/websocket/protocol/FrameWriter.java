package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.WebSocket;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Encodes WebSocket frames (RFC 6455 §5.2) into bytes; does no I/O. A client's frames get a fresh
 * random masking key each (RFC 6455 §5.3 asks for keys the network cannot predict, hence
 * {@link SecureRandom}); a server's are sent unmasked. Each frame comes back as one array holding the
 * header and the payload so that the connection writes it with a single call, except that a server
 * may ask for the header alone and write the payload from the caller's array, unmasked as it is.
 *
 * <p>Not thread-safe: the connection serialises writers with its write lock.
 */
final class FrameWriter {
    private final Role role;
    private final SecureRandom random;

    FrameWriter(Role role) {
        this.role = Objects.requireNonNull(role, "role");
        this.random = role.masksFrames() ? new SecureRandom() : null;
    }

    /** Encodes a whole frame carrying all of {@code payload}. */
    byte[] encode(int opcode, boolean fin, boolean rsv1, byte[] payload) {
        return encode(opcode, fin, rsv1, payload, 0, payload.length);
    }

    /**
     * Encodes a frame carrying {@code payload[offset, offset + length)}.
     *
     * @throws IllegalArgumentException for an unknown opcode, or a control frame that is fragmented,
     *                                  compressed or longer than 125 bytes
     */
    byte[] encode(int opcode, boolean fin, boolean rsv1, byte[] payload, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        boolean masked = role.masksFrames();
        byte[] frame = new byte[headerLength(length, masked) + length];
        int headerLength = writeHeader(frame, opcode, fin, rsv1, length, masked);
        System.arraycopy(payload, offset, frame, headerLength, length);
        if (masked) {
            int keyOffset = headerLength - 4;
            byte[] key = new byte[4];
            random.nextBytes(key);
            System.arraycopy(key, 0, frame, keyOffset, 4);
            Masking.apply(frame, headerLength, length, frame, keyOffset);
        }
        return frame;
    }

    /** Whether frames go out unmasked, so that a payload may be written from the caller's array after {@link #header}. */
    boolean sendsPayloadAsIs() {
        return !role.masksFrames();
    }

    /**
     * The header alone of an unmasked frame whose {@code length}-byte payload the caller writes right
     * after it: a server sending a large message, or one message to many sockets, copies nothing.
     *
     * @throws IllegalStateException for a client, whose payloads must be masked (use {@link #encode})
     */
    byte[] header(int opcode, boolean fin, boolean rsv1, int length) {
        if (role.masksFrames()) {
            throw new IllegalStateException("client frames are masked: encode them whole");
        }
        byte[] header = new byte[headerLength(length, false)];
        writeHeader(header, opcode, fin, rsv1, length, false);
        return header;
    }

    private static int headerLength(int length, boolean masked) {
        return 2 + (length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8) + (masked ? 4 : 0);
    }

    /** Writes the header (the masking key's place left empty) at the start of {@code frame}; returns its length. */
    private static int writeHeader(byte[] frame, int opcode, boolean fin, boolean rsv1, int length, boolean masked) {
        if (!Frame.isKnown(opcode)) {
            throw new IllegalArgumentException("unknown opcode: 0x" + Integer.toHexString(opcode));
        }
        if (Frame.isControl(opcode) && (!fin || rsv1 || length > Frame.MAX_CONTROL_PAYLOAD)) {
            throw new IllegalArgumentException("control frame must be final, uncompressed and at most 125 bytes: "
                    + length + " bytes, fin=" + fin + ", rsv1=" + rsv1);
        }
        frame[0] = (byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (length <= 125) {
            frame[1] = (byte) (maskBit | length);
        } else if (length <= 0xFFFF) {
            frame[1] = (byte) (maskBit | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = (byte) (maskBit | 127);
            long longLength = length;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) (longLength >>> (56 - 8 * i));
            }
        }
        return headerLength(length, masked);
    }
}
