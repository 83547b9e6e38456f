package dev.weft.http.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One complete WebSocket data message: {@link Text} or {@link Binary}, however many frames it took on
 * the wire. Immutable and thread-safe, except that {@link Binary} hands out its array without copying
 * it (messages can be megabytes): do not modify it.
 *
 * {@snippet :
 * for (WebSocketMessage message : ws) {
 *     switch (message) {
 *         case WebSocketMessage.Text text -> ws.send("Echo: " + text.text());
 *         case WebSocketMessage.Binary binary -> ws.send(binary.bytes());
 *     }
 * }
 * }
 */
public sealed interface WebSocketMessage permits WebSocketMessage.Text, WebSocketMessage.Binary {
    /** Whether this is a text message (opcode 0x1). */
    boolean isText();

    /**
     * The text of a text message.
     *
     * @throws IllegalStateException for a binary message
     */
    String text();

    /** The bytes of a binary message, or the UTF-8 encoding of a text message. */
    byte[] bytes();

    /** A text message. */
    static WebSocketMessage text(String text) {
        return new Text(text);
    }

    /** A binary message holding {@code bytes} (not copied). */
    static WebSocketMessage binary(byte[] bytes) {
        return new Binary(bytes);
    }

    /**
     * A text message.
     *
     * @param text the message's text, never null
     */
    record Text(String text) implements WebSocketMessage {
        /** Rejects a null text. */
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public boolean isText() {
            return true;
        }

        @Override
        public byte[] bytes() {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * A binary message.
     *
     * @param bytes the message's bytes, never null; shared, not copied
     */
    record Binary(byte[] bytes) implements WebSocketMessage {
        /** Rejects a null array. */
        public Binary {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public boolean isText() {
            return false;
        }

        @Override
        public String text() {
            throw new IllegalStateException("binary message of " + bytes.length + " bytes has no text");
        }

        /** Compares the contents of the arrays. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Binary that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Binary[" + bytes.length + " bytes]";
        }
    }
}
