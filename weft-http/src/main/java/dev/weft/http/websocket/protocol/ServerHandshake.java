package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The server's opening handshake (RFC 6455 §4.2): validates an upgrade request and computes the
 * response, without doing any I/O. Thread-safe: static and stateless.
 *
 * <p>It checks, in order: the method is GET (else 405 with {@code Allow: GET}); the version is
 * HTTP/1.1 or later; {@code Upgrade} lists {@code websocket} and {@code Connection} lists
 * {@code upgrade} (case-insensitively); exactly one {@code Sec-WebSocket-Key} that decodes from base64
 * to 16 bytes; {@code Sec-WebSocket-Version} is 13 (any other gets 426 with
 * {@code Sec-WebSocket-Version: 13}); a well-formed {@code Sec-WebSocket-Extensions}. Anything else
 * malformed is a 400. It then picks the first subprotocol in the client's order of preference that the
 * options list, and the first permessage-deflate offer it can honour.
 *
 * {@snippet :
 * HandshakeResult result = ServerHandshake.negotiate("GET", "HTTP/1.1", request::headers, options);
 * if (result instanceof HandshakeResult.Accepted accepted) {
 *     writeResponse(101, accepted.responseHeaders());
 *     WebSocketSession ws = WebSocketSession.serve(accepted, in, out, options);
 * }
 * }
 */
public final class ServerHandshake {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private ServerHandshake() {
    }

    /**
     * Validates an upgrade request and negotiates its subprotocol and extensions.
     *
     * @param method      the request method
     * @param httpVersion the request's protocol, such as {@code "HTTP/1.1"}
     * @param headers     every value of a request header by name, matched case-insensitively; null or an
     *                    empty list when absent
     * @param options     the subprotocols and compression this server accepts
     * @return the 101 response to send, or the error response
     */
    public static HandshakeResult negotiate(String method, String httpVersion,
                                            Function<String, List<String>> headers, WebSocketOptions options) {
        if (!"GET".equals(method)) {
            return reject(405, "WebSocket upgrade requires GET, got " + method, List.of(Map.entry("Allow", "GET")));
        }
        if (!isHttp11OrLater(httpVersion)) {
            return reject(400, "WebSocket upgrade requires HTTP/1.1 or later, got " + httpVersion);
        }
        if (HeaderTokens.elements(headers.apply("Upgrade")).stream().noneMatch(p -> p.equalsIgnoreCase("websocket"))) {
            return reject(400, "missing \"Upgrade: websocket\"");
        }
        if (HeaderTokens.elements(headers.apply("Connection")).stream().noneMatch(t -> t.equalsIgnoreCase("upgrade"))) {
            return reject(400, "missing \"Connection: upgrade\"");
        }
        List<String> keys = orEmpty(headers.apply("Sec-WebSocket-Key"));
        if (keys.size() != 1 || !isValidKey(keys.getFirst().strip())) {
            return reject(400, keys.isEmpty() ? "missing Sec-WebSocket-Key"
                    : "Sec-WebSocket-Key must be one base64 value of 16 bytes: " + keys);
        }
        List<String> versions = orEmpty(headers.apply("Sec-WebSocket-Version"));
        if (versions.isEmpty()) {
            return reject(400, "missing Sec-WebSocket-Version");
        }
        if (versions.size() != 1 || !versions.getFirst().strip().equals("13")) {
            return reject(426, "unsupported WebSocket version " + versions + "; this server speaks 13",
                    List.of(Map.entry("Sec-WebSocket-Version", "13"), Map.entry("Upgrade", "websocket")));
        }
        List<ExtensionOffer> offers;
        try {
            offers = ExtensionOffer.parse(headers.apply("Sec-WebSocket-Extensions"));
        } catch (IllegalArgumentException e) {
            return reject(400, e.getMessage());
        }
        List<Map.Entry<String, String>> response = new ArrayList<>();
        response.add(Map.entry("Upgrade", "websocket"));
        response.add(Map.entry("Connection", "Upgrade"));
        response.add(Map.entry("Sec-WebSocket-Accept", acceptValue(keys.getFirst().strip())));
        String subprotocol = chooseSubprotocol(HeaderTokens.elements(headers.apply("Sec-WebSocket-Protocol")), options);
        if (subprotocol != null) {
            response.add(Map.entry("Sec-WebSocket-Protocol", subprotocol));
        }
        DeflateNegotiation.Agreement deflate = DeflateNegotiation.negotiate(offers, options.deflate());
        if (deflate != null) {
            response.add(Map.entry("Sec-WebSocket-Extensions", deflate.responseElement()));
        }
        return new HandshakeResult.Accepted(response, subprotocol, deflate == null ? null : deflate.parameters());
    }

    /** The {@code Sec-WebSocket-Accept} value for a key (RFC 6455 §4.2.2): base64(SHA-1(key + GUID)). */
    static String acceptValue(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-1", e);
        }
    }

    private static boolean isValidKey(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isHttp11OrLater(String version) {
        if (version == null || !version.startsWith("HTTP/")) {
            return false;
        }
        String number = version.substring(5);
        int dot = number.indexOf('.');
        try {
            int major = Integer.parseInt(dot < 0 ? number : number.substring(0, dot));
            int minor = dot < 0 ? 0 : Integer.parseInt(number.substring(dot + 1));
            return major > 1 || (major == 1 && minor >= 1);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String chooseSubprotocol(List<String> requested, WebSocketOptions options) {
        for (String protocol : requested) {
            if (options.subprotocols().contains(protocol)) {
                return protocol;
            }
        }
        return null;
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    private static HandshakeResult.Rejected reject(int status, String reason) {
        return new HandshakeResult.Rejected(status, reason, List.of());
    }

    private static HandshakeResult.Rejected reject(int status, String reason, List<Map.Entry<String, String>> headers) {
        return new HandshakeResult.Rejected(status, reason, headers);
    }
}
