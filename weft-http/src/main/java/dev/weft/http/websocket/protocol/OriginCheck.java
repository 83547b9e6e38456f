package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.WebSocketOptions;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Origin} check of a server-side WebSocket handshake (RFC 6455 section 10.2), against
 * cross-site WebSocket hijacking: a page on another site opening a socket that the browser
 * authenticates with this site's cookies. Origins are compared in their serialized form (RFC 6454
 * section 6.1), lower-cased, without the scheme's default port.
 */
public final class OriginCheck {
    private static final Pattern ORIGIN = Pattern.compile(
            "(?i)(https?)://([a-z0-9](?:[a-z0-9.-]{0,252})|\\[[0-9a-f:.]{2,45}\\])(?::(\\d{1,5}))?");

    private OriginCheck() {
    }

    /**
     * {@code origin} as {@code scheme://host[:port]}, lower-cased, the default port dropped; null when it
     * is not an http(s) origin (a path, credentials, {@code null}, another scheme).
     */
    public static String normalize(String origin) {
        Matcher m = ORIGIN.matcher(origin);
        if (!m.matches()) {
            return null;
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String host = m.group(2).toLowerCase(Locale.ROOT);
        String port = m.group(3);
        if (port != null) {
            int number = Integer.parseInt(port);
            if (number > 65535) {
                return null;
            }
            port = String.valueOf(number);
            if (port.equals(scheme.equals("https") ? "443" : "80")) {
                port = null;
            }
        }
        return scheme + "://" + host + (port == null ? "" : ":" + port);
    }

    /**
     * Why the handshake must be refused, or null when {@code origins} (the request's {@code Origin}
     * values) may open the socket: no {@code Origin} at all, any origin allowed, one of the allowed
     * origins, or the request's own ({@code scheme} and {@code host} as the client used them).
     */
    public static String refusal(List<String> origins, String scheme, String host, WebSocketOptions options) {
        if (origins.isEmpty() || options.allowAnyOrigin()) {
            return null;
        }
        if (origins.size() > 1) {
            return "more than one Origin header";
        }
        String origin = normalize(origins.getFirst().strip());
        if (origin != null && (options.allowedOrigins().contains(origin)
                || (host != null && origin.equals(normalize(scheme + "://" + host))))) {
            return null;
        }
        return "origin " + origins.getFirst() + " may not open this WebSocket";
    }
}
