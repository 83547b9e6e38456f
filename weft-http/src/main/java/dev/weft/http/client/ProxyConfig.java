package dev.weft.http.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which HTTP proxy, if any, a request goes through: one for http and ws targets, one for https and wss
 * targets (reached with a CONNECT tunnel), and hosts that bypass both. Immutable.
 *
 * @param http               the proxy for plain targets, or null
 * @param https              the proxy for TLS targets, or null
 * @param httpAuthorization  the {@code Proxy-Authorization} value for {@code http}, or null
 * @param httpsAuthorization the {@code Proxy-Authorization} value for {@code https}, or null
 * @param noProxy            host names (and their subdomains) reached directly; {@code "*"} bypasses every proxy
 */
record ProxyConfig(Endpoint http, Endpoint https, String httpAuthorization, String httpsAuthorization,
                   List<String> noProxy) {
    static final ProxyConfig NONE = new ProxyConfig(null, null, null, null, List.of());

    ProxyConfig {
        noProxy = List.copyOf(noProxy);
    }

    /** One proxy for every target. */
    static ProxyConfig of(String proxyUrl, List<String> noProxy) {
        URI uri = parse(proxyUrl);
        return new ProxyConfig(endpoint(uri), endpoint(uri), authorization(uri), authorization(uri), normalize(noProxy));
    }

    /** From {@code HTTP_PROXY}, {@code HTTPS_PROXY} and {@code NO_PROXY} (or their lower-case forms). */
    static ProxyConfig fromEnvironment(Map<String, String> env) {
        URI http = parseOrNull(variable(env, "http_proxy"));
        URI https = parseOrNull(variable(env, "https_proxy"));
        String no = variable(env, "no_proxy");
        return new ProxyConfig(http == null ? null : endpoint(http), https == null ? null : endpoint(https),
                http == null ? null : authorization(http), https == null ? null : authorization(https),
                normalize(no == null ? List.of() : List.of(no.split(","))));
    }

    /**
     * The endpoint to pool and connect for {@code target}: itself, or itself reached through a proxy,
     * tunnelled with CONNECT when it is a TLS target or when {@code upgrade} (a WebSocket) asks for it.
     */
    Endpoint route(Endpoint target, boolean upgrade) {
        Endpoint proxy = target.tls() ? https : http;
        if (proxy == null || bypass(target.host())) {
            return target;
        }
        return new Endpoint(target.tls(), target.host(), target.port(), proxy, target.tls() || upgrade);
    }

    /** The {@code Proxy-Authorization} value for the proxy {@code route} goes through, or null. */
    String authorizationFor(Endpoint route) {
        return route.proxy() == null ? null : route.tls() ? httpsAuthorization : httpAuthorization;
    }

    private boolean bypass(String host) {
        for (String entry : noProxy) {
            if (entry.equals("*") || host.equals(entry) || host.endsWith("." + entry)) {
                return true;
            }
        }
        return false;
    }

    private static String variable(Map<String, String> env, String lowerName) {
        String value = env.get(lowerName);
        if (value == null || value.isBlank()) {
            value = env.get(lowerName.toUpperCase(Locale.ROOT));
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static URI parseOrNull(String value) {
        return value == null ? null : parse(value.contains("://") ? value : "http://" + value);
    }

    private static URI parse(String proxyUrl) {
        URI uri = URI.create(proxyUrl);
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("proxy must be an http://host:port URL: \"" + proxyUrl + "\"");
        }
        return uri;
    }

    private static Endpoint endpoint(URI uri) {
        return new Endpoint(false, uri.getHost().toLowerCase(Locale.ROOT), uri.getPort() > 0 ? uri.getPort() : 80, null);
    }

    /** Basic credentials from the proxy URL's user info, or null. */
    private static String authorization(URI uri) {
        String userInfo = uri.getUserInfo();
        return userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> normalize(List<String> hosts) {
        List<String> normalized = new ArrayList<>();
        for (String host : hosts) {
            String h = host.strip().toLowerCase(Locale.ROOT);
            if (h.startsWith(".")) {
                h = h.substring(1);
            }
            int colon = h.lastIndexOf(':');
            if (colon > 0 && h.indexOf(':') == colon) {
                h = h.substring(0, colon); // a port in NO_PROXY is ignored: the host decides
            }
            if (!h.isEmpty()) {
                normalized.add(h);
            }
        }
        return normalized;
    }
}
