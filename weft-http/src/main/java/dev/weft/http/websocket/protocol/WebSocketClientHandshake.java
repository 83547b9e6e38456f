package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.DeflateOptions;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketException;
import dev.weft.http.websocket.WebSocketOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The client's opening handshake (RFC 6455 §4.1, RFC 7692 §5-7): the headers of the upgrade request
 * and the checks of the server's answer, after which the connection becomes a client-role
 * {@link WebSocket}. It does no I/O of its own; the HTTP client sends the request and reads the
 * response head. Immutable and thread-safe; one per connection attempt (it holds a fresh random key).
 *
 * <p>It offers the subprotocols of the options in order and, when compression is enabled, one
 * permessage-deflate offer without window parameters (the JDK {@link java.util.zip.Deflater} only
 * compresses with a 2^15 window, so the server is not invited to shrink ours; it may shrink its own,
 * which the JDK inflater reads). The answer must be a 101 with {@code Upgrade: websocket},
 * {@code Connection: upgrade}, the right {@code Sec-WebSocket-Accept}, a subprotocol among those
 * offered (or none) and only the extension offered.
 *
 * {@snippet :
 * var handshake = WebSocketClientHandshake.create(options);
 * send("GET /ws HTTP/1.1", handshake.requestHeaders());
 * WebSocket ws = handshake.finish(status, response::headers, in, out);   // throws if refused
 * }
 */
public final class WebSocketClientHandshake {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebSocketOptions options;
    private final String key;

    private WebSocketClientHandshake(WebSocketOptions options, String key) {
        this.options = options;
        this.key = key;
    }

    /** A handshake with a fresh random {@code Sec-WebSocket-Key}, offering what {@code options} allow. */
    public static WebSocketClientHandshake create(WebSocketOptions options) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return new WebSocketClientHandshake(Objects.requireNonNull(options, "options"),
                Base64.getEncoder().encodeToString(nonce));
    }

    /** The headers the upgrade request must carry, besides {@code Host}. */
    public List<Map.Entry<String, String>> requestHeaders() {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Upgrade", "websocket"));
        headers.add(Map.entry("Connection", "Upgrade"));
        headers.add(Map.entry("Sec-WebSocket-Key", key));
        headers.add(Map.entry("Sec-WebSocket-Version", "13"));
        if (!options.subprotocols().isEmpty()) {
            headers.add(Map.entry("Sec-WebSocket-Protocol", String.join(", ", options.subprotocols())));
        }
        DeflateOptions deflate = options.deflate();
        if (deflate.enabled()) {
            StringBuilder offer = new StringBuilder(DeflateNegotiation.EXTENSION);
            if (deflate.serverNoContextTakeover()) {
                offer.append("; server_no_context_takeover");
            }
            if (deflate.clientNoContextTakeover()) {
                offer.append("; client_no_context_takeover");
            }
            headers.add(Map.entry("Sec-WebSocket-Extensions", offer.toString()));
        }
        return headers;
    }

    /**
     * Checks the server's answer and starts the client-role socket over the connection.
     *
     * @param status  the response status
     * @param headers every value of a response header by name (case-insensitive); empty when absent
     * @param in      the connection's input, starting right after the response head
     * @param out     the connection's output
     * @return the open WebSocket, reading on its own virtual thread
     * @throws WebSocketException naming what was wrong when the server refused or answered badly
     */
    public WebSocket finish(int status, Function<String, List<String>> headers, InputStream in, OutputStream out) {
        if (status != 101) {
            throw new WebSocketException("WebSocket upgrade refused: the server answered " + status + " instead of 101");
        }
        if (HeaderTokens.elements(headers.apply("Upgrade")).stream().noneMatch(p -> p.equalsIgnoreCase("websocket"))) {
            throw new WebSocketException("WebSocket handshake failed: missing \"Upgrade: websocket\"");
        }
        if (HeaderTokens.elements(headers.apply("Connection")).stream().noneMatch(t -> t.equalsIgnoreCase("upgrade"))) {
            throw new WebSocketException("WebSocket handshake failed: missing \"Connection: upgrade\"");
        }
        List<String> accept = orEmpty(headers.apply("Sec-WebSocket-Accept"));
        if (accept.size() != 1 || !accept.getFirst().strip().equals(ServerHandshake.acceptValue(key))) {
            throw new WebSocketException("WebSocket handshake failed: wrong Sec-WebSocket-Accept " + accept);
        }
        List<String> protocols = HeaderTokens.elements(headers.apply("Sec-WebSocket-Protocol"));
        if (protocols.size() > 1 || (protocols.size() == 1 && !options.subprotocols().contains(protocols.getFirst()))) {
            throw new WebSocketException("WebSocket handshake failed: the server chose subprotocol " + protocols
                    + ", not one of " + options.subprotocols());
        }
        DeflateParameters deflate = deflateParameters(headers.apply("Sec-WebSocket-Extensions"));
        return RealWebSocket.start(Role.CLIENT, protocols.isEmpty() ? null : protocols.getFirst(), deflate,
                Objects.requireNonNull(in, "in"), Objects.requireNonNull(out, "out"), options,
                OutboundBudget.UNBOUNDED);
    }

    private DeflateParameters deflateParameters(List<String> values) {
        List<ExtensionOffer> extensions;
        try {
            extensions = ExtensionOffer.parse(values);
        } catch (IllegalArgumentException e) {
            throw new WebSocketException("WebSocket handshake failed: " + e.getMessage());
        }
        if (extensions.isEmpty()) {
            return null;
        }
        ExtensionOffer agreed = extensions.getFirst();
        if (extensions.size() > 1 || !options.deflate().enabled()
                || !agreed.name().equalsIgnoreCase(DeflateNegotiation.EXTENSION)) {
            throw new WebSocketException("WebSocket handshake failed: the server enabled extensions not offered: "
                    + values);
        }
        boolean serverReset = false;
        boolean clientReset = options.deflate().clientNoContextTakeover();
        int serverBits = 15;
        for (ExtensionOffer.Parameter parameter : agreed.parameters()) {
            switch (parameter.name().toLowerCase(Locale.ROOT)) {
                case "server_no_context_takeover" -> serverReset = true;
                case "client_no_context_takeover" -> clientReset = true;
                case "server_max_window_bits" -> serverBits = windowBits(parameter.value(), values);
                // Not offered, so a server may not send it (RFC 7692 §7.1.2.2); a window below 2^15 cannot be honoured.
                default -> throw new WebSocketException("WebSocket handshake failed: unsupported permessage-deflate "
                        + "parameter " + parameter.name() + " in " + values);
            }
        }
        return new DeflateParameters(serverReset, clientReset, serverBits, 15);
    }

    private static int windowBits(String value, List<String> values) {
        try {
            int bits = Integer.parseInt(value == null ? "" : value);
            if (bits >= 8 && bits <= 15) {
                return bits;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new WebSocketException("WebSocket handshake failed: invalid server_max_window_bits in " + values);
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
