package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocketMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Assembles frames into messages (RFC 6455 §5.4-5.6) and decodes control frames; does no I/O.
 * It owns the message-level rules: a continuation only inside a fragmented message, no new data frame
 * before the last fragment, control frames allowed between fragments, RSV1 only on a message's first
 * frame, the size limit counted on the decompressed bytes (1009), UTF-8 validated as the fragments
 * arrive (1007), and the close frame's code and reason (§5.5.1, §7.4).
 *
 * <p>A violation leaves the byte stream framed (only the message is bad), so the connection can still
 * wait for the peer's close frame. Not thread-safe: owned by the connection's read loop.
 */
final class MessageReader {
    private final int maxMessageSize;
    private final PerMessageDeflate deflate;
    private final Utf8Decoder utf8 = new Utf8Decoder();
    private final ByteSink textSink = sizeChecked(utf8::feed);
    private final ByteSink binarySink = sizeChecked(this::appendBinary);
    private int messageOpcode = -1;
    private boolean compressed;
    private long messageSize;
    private byte[] binary = new byte[0];
    private int binaryLength;

    /**
     * @param maxMessageSize the largest message accepted, counted after decompression
     * @param deflate        the negotiated permessage-deflate codec, or null when none was negotiated
     */
    MessageReader(int maxMessageSize, PerMessageDeflate deflate) {
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize <= 0: " + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
        this.deflate = deflate;
    }

    /**
     * Takes the next frame; returns what it completed, or null for a fragment that completes nothing.
     *
     * @throws WebSocketProtocolError if the frame breaks a message-level rule
     */
    Inbound accept(Frame frame) {
        return switch (frame.opcode()) {
            case Frame.PING -> new Inbound.Ping(frame.payload());
            case Frame.PONG -> new Inbound.Pong(frame.payload());
            case Frame.CLOSE -> new Inbound.Close(parseClose(frame.payload()));
            default -> acceptData(frame);
        };
    }

    private Inbound acceptData(Frame frame) {
        if (frame.opcode() == Frame.CONTINUATION) {
            if (messageOpcode < 0) {
                throw new WebSocketProtocolError(CloseStatus.PROTOCOL_ERROR, "continuation frame without a message to continue");
            }
            if (frame.rsv1()) {
                throw new WebSocketProtocolError(CloseStatus.PROTOCOL_ERROR, "RSV1 set on a continuation frame");
            }
        } else {
            if (messageOpcode >= 0) {
                throw new WebSocketProtocolError(CloseStatus.PROTOCOL_ERROR, "new data frame before the last fragment of a message");
            }
            if (frame.rsv1() && deflate == null) {
                throw new WebSocketProtocolError(CloseStatus.PROTOCOL_ERROR, "RSV1 set without permessage-deflate");
            }
            if (frame.fin() && !frame.rsv1() && frame.opcode() == Frame.BINARY) {
                return new Inbound.Message(new WebSocketMessage.Binary(checkedSize(frame.payload())));
            }
            messageOpcode = frame.opcode();
            compressed = frame.rsv1();
            messageSize = 0;
        }
        ByteSink sink = messageOpcode == Frame.TEXT ? textSink : binarySink;
        try {
            if (compressed) {
                deflate.decompress(frame.payload(), sink);
                if (frame.fin()) {
                    deflate.finishMessage(sink);
                }
            } else {
                sink.accept(frame.payload(), 0, frame.payload().length);
            }
        } catch (WebSocketProtocolError e) {
            abandonMessage();
            throw e;
        }
        return frame.fin() ? new Inbound.Message(completeMessage()) : null;
    }

    /** A whole uncompressed binary message in one frame needs no copy, only the limit check. */
    private byte[] checkedSize(byte[] payload) {
        if (payload.length > maxMessageSize) {
            throw new WebSocketProtocolError(CloseStatus.MESSAGE_TOO_BIG,
                    "message exceeds the limit of " + maxMessageSize + " bytes");
        }
        return payload;
    }

    private ByteSink sizeChecked(ByteSink target) {
        return (data, offset, length) -> {
            messageSize += length;
            if (messageSize > maxMessageSize) {
                throw new WebSocketProtocolError(CloseStatus.MESSAGE_TOO_BIG,
                        "message exceeds the limit of " + maxMessageSize + " bytes");
            }
            target.accept(data, offset, length);
        };
    }

    private void appendBinary(byte[] data, int offset, int length) {
        if (binaryLength + length > binary.length) {
            int wanted = Math.max(binaryLength + length, Math.min(maxMessageSize, binary.length * 2));
            binary = Arrays.copyOf(binary, wanted);
        }
        System.arraycopy(data, offset, binary, binaryLength, length);
        binaryLength += length;
    }

    private WebSocketMessage completeMessage() {
        WebSocketMessage message;
        if (messageOpcode == Frame.TEXT) {
            message = new WebSocketMessage.Text(utf8.finish());
        } else {
            message = new WebSocketMessage.Binary(binary.length == binaryLength ? binary : Arrays.copyOf(binary, binaryLength));
            binary = new byte[0];
            binaryLength = 0;
        }
        messageOpcode = -1;
        return message;
    }

    private void abandonMessage() {
        utf8.reset();
        binary = new byte[0];
        binaryLength = 0;
        messageOpcode = -1;
    }

    /**
     * Decodes a close frame's payload: empty (no code, reported as 1005) or a valid code and a UTF-8
     * reason.
     */
    static CloseStatus parseClose(byte[] payload) {
        if (payload.length == 0) {
            return new CloseStatus(CloseStatus.NO_STATUS_RECEIVED, "");
        }
        if (payload.length == 1) {
            throw new WebSocketProtocolError(CloseStatus.PROTOCOL_ERROR, "close frame with a 1-byte payload");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!CloseStatus.isSendable(code)) {
            throw new WebSocketProtocolError(CloseStatus.PROTOCOL_ERROR, "invalid close code " + code);
        }
        try {
            String reason = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload, 2, payload.length - 2))
                    .toString();
            return new CloseStatus(code, reason);
        } catch (CharacterCodingException e) {
            throw new WebSocketProtocolError(CloseStatus.INVALID_PAYLOAD, "close reason is not valid UTF-8");
        }
    }

    /** Encodes a close frame's payload; 1005 (no code) becomes an empty payload. */
    static byte[] closePayload(CloseStatus status) {
        if (status.code() == CloseStatus.NO_STATUS_RECEIVED) {
            return new byte[0];
        }
        byte[] reason = status.reason().getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (status.code() >>> 8);
        payload[1] = (byte) status.code();
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return payload;
    }
}
