package dev.weft.security.csrf;

import dev.weft.http.server.Request;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Origins ({@code scheme://host[:port]}) in one canonical form, so that equal origins compare equal as strings. */
final class Origins {
    private Origins() {
    }

    /** The canonical origin of {@code url} (an origin or a full URL), or null when it has none. */
    static String normalize(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The origin {@code request} was sent to: its scheme (as resolved, proxies included) and {@code Host}. */
    static String of(Request request) {
        String host = request.host();
        return host == null ? null : normalize(request.scheme() + "://" + host);
    }
}
