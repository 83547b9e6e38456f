package dev.weft.http.websocket.protocol;

/**
 * The permessage-deflate parameters (RFC 7692 §7.1) both ends agreed on during a handshake.
 * Immutable and thread-safe.
 *
 * <p>Names follow the RFC, which speaks from the server's side: {@code serverNoContextTakeover} means
 * the server resets its compressor after every message; {@code clientMaxWindowBits} bounds the window
 * the client compresses with. Weft compresses with the JDK {@link java.util.zip.Deflater}, whose window
 * is always 2^15 bytes, so the side Weft compresses for is always 15 here; it decompresses any window.
 *
 * {@snippet :
 * if (accepted.deflate() != null && accepted.deflate().clientNoContextTakeover()) { ... }
 * }
 *
 * @param serverNoContextTakeover whether the server resets its compression context after each message
 * @param clientNoContextTakeover whether the client resets its compression context after each message
 * @param serverMaxWindowBits     the base-2 logarithm of the server's LZ77 window, 8-15
 * @param clientMaxWindowBits     the base-2 logarithm of the client's LZ77 window, 8-15
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                int serverMaxWindowBits, int clientMaxWindowBits) {
    /** Validates the window sizes. */
    public DeflateParameters {
        checkWindowBits("serverMaxWindowBits", serverMaxWindowBits);
        checkWindowBits("clientMaxWindowBits", clientMaxWindowBits);
    }

    private static void checkWindowBits(String name, int bits) {
        if (bits < 8 || bits > 15) {
            throw new IllegalArgumentException(name + " outside 8-15: " + bits);
        }
    }
}
