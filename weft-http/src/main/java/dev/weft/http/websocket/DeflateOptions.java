package dev.weft.http.websocket;

import java.util.zip.Deflater;

/**
 * How a Weft endpoint negotiates permessage-deflate (RFC 7692): whether it offers or accepts it at all
 * and which parameters it asks for. Immutable and thread-safe.
 *
 * <p>A server accepts a client's offer only when it can honour it: an offer that asks the server to
 * compress with a window smaller than 2^15 ({@code server_max_window_bits} below 15) is declined,
 * because the JDK {@link Deflater} cannot shrink its window; the next offer (or no compression) is
 * used instead. Requests about the client's window are always accepted, since the JDK
 * {@link java.util.zip.Inflater} decompresses any window size.
 *
 * {@snippet :
 * var options = WebSocketOptions.builder()
 *         .deflate(DeflateOptions.DEFAULT.withServerNoContextTakeover(true)) // less memory per socket
 *         .build();
 * }
 *
 * @param enabled                 whether permessage-deflate is negotiated at all
 * @param serverNoContextTakeover the server resets its compressor after each message even if the client
 *                                did not ask (trades compression ratio for predictable memory)
 * @param clientNoContextTakeover the server asks the client to reset its compressor after each message
 * @param clientMaxWindowBits     the window the server asks the client to stay within (8-15), when the
 *                                client's offer allows asking; 15 asks nothing
 * @param level                   the compression level, 0-9, or -1 for zlib's default
 */
public record DeflateOptions(boolean enabled, boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                             int clientMaxWindowBits, int level) {
    /** Compression on, context takeover in both directions, default level: what aiohttp and websockets do. */
    public static final DeflateOptions DEFAULT = new DeflateOptions(true, false, false, 15, Deflater.DEFAULT_COMPRESSION);

    /** No compression: permessage-deflate offers are ignored. */
    public static final DeflateOptions DISABLED = new DeflateOptions(false, false, false, 15, Deflater.DEFAULT_COMPRESSION);

    /** Validates the window size and the level. */
    public DeflateOptions {
        if (clientMaxWindowBits < 8 || clientMaxWindowBits > 15) {
            throw new IllegalArgumentException("clientMaxWindowBits outside 8-15: " + clientMaxWindowBits);
        }
        if (level < -1 || level > 9) {
            throw new IllegalArgumentException("compression level outside -1..9: " + level);
        }
    }

    /** A copy with {@code serverNoContextTakeover} set. */
    public DeflateOptions withServerNoContextTakeover(boolean value) {
        return new DeflateOptions(enabled, value, clientNoContextTakeover, clientMaxWindowBits, level);
    }

    /** A copy with {@code clientNoContextTakeover} set. */
    public DeflateOptions withClientNoContextTakeover(boolean value) {
        return new DeflateOptions(enabled, serverNoContextTakeover, value, clientMaxWindowBits, level);
    }

    /** A copy with {@code clientMaxWindowBits} set. */
    public DeflateOptions withClientMaxWindowBits(int bits) {
        return new DeflateOptions(enabled, serverNoContextTakeover, clientNoContextTakeover, bits, level);
    }

    /** A copy with the compression {@code level} set. */
    public DeflateOptions withLevel(int value) {
        return new DeflateOptions(enabled, serverNoContextTakeover, clientNoContextTakeover, clientMaxWindowBits, value);
    }
}
