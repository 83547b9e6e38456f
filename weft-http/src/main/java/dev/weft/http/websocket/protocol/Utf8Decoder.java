package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.CloseStatus;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a text message from UTF-8 incrementally, frame by frame, and fails as soon as the bytes
 * seen so far cannot start valid UTF-8 (RFC 6455 §8.1: fail fast, close 1007), even when a character
 * is split across frames. The JDK decoder reports malformed input as soon as a prefix is impossible,
 * so the at most 3 bytes of an unfinished character are carried to the next call.
 *
 * <p>Not thread-safe; reusable after {@link #finish()} or {@link #reset()}.
 */
final class Utf8Decoder {
    private static final int INITIAL_CHARS = 256;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer carry = ByteBuffer.allocate(4);
    private CharBuffer out = CharBuffer.allocate(INITIAL_CHARS);

    /**
     * Decodes {@code data[offset, offset + length)}.
     *
     * @throws WebSocketProtocolError 1007 at the first byte that makes the message invalid UTF-8
     */
    void feed(byte[] data, int offset, int length) {
        ByteBuffer in = ByteBuffer.wrap(data, offset, length);
        // Complete a character split by the previous chunk one byte at a time: it is at most 3 bytes.
        while (carry.position() > 0 && in.hasRemaining()) {
            carry.put(in.get());
            carry.flip();
            decode(carry, false);
            carry.compact();
        }
        if (carry.position() > 0) {
            return;
        }
        decode(in, false);
        carry.put(in);
    }

    /**
     * Ends the message and returns its text.
     *
     * @throws WebSocketProtocolError 1007 if the message ends inside a character
     */
    String finish() {
        carry.flip();
        decode(carry, true);
        while (decoder.flush(out).isOverflow()) {
            grow();
        }
        String text = out.flip().toString();
        reset();
        return text;
    }

    /** Drops a partly decoded message. */
    void reset() {
        decoder.reset();
        carry.clear();
        if (out.capacity() > INITIAL_CHARS * 64) {
            out = CharBuffer.allocate(INITIAL_CHARS); // do not keep one huge message's buffer for ever
        } else {
            out.clear();
        }
    }

    private void decode(ByteBuffer in, boolean endOfInput) {
        while (true) {
            CoderResult result = decoder.decode(in, out, endOfInput);
            if (result.isOverflow()) {
                grow();
            } else if (result.isError()) {
                reset();
                throw new WebSocketProtocolError(CloseStatus.INVALID_PAYLOAD, "text message is not valid UTF-8");
            } else {
                return;
            }
        }
    }

    private void grow() {
        CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2);
        out.flip();
        bigger.put(out);
        out = bigger;
    }
}
