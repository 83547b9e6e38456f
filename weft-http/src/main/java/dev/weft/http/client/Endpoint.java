package dev.weft.http.client;

import java.net.URI;
import java.util.Locale;

/**
 * Where a connection goes, the key of the pool: scheme security, host, port and the proxy it goes
 * through, if any. Immutable.
 *
 * @param tls   whether the connection uses TLS (https, wss); through a proxy, inside a CONNECT tunnel
 * @param host  the host name or IP literal, lower-cased, IPv6 without brackets
 * @param port  the TCP port
 * @param proxy  the HTTP proxy the connection goes through, or null for a direct connection
 * @param tunnel whether the proxy is asked for a CONNECT tunnel to the target (TLS targets and
 *               WebSockets, which many proxies refuse to forward), rather than forwarding requests
 */
record Endpoint(boolean tls, String host, int port, Endpoint proxy, boolean tunnel) {
    Endpoint {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port outside 1-65535: " + port);
        }
        if (tunnel && proxy == null) {
            throw new IllegalArgumentException("a tunnel needs a proxy: " + host + ":" + port);
        }
    }

    /** An endpoint reached directly or, through {@code proxy}, by forwarding (or tunnelling, for TLS). */
    Endpoint(boolean tls, String host, int port, Endpoint proxy) {
        this(tls, host, port, proxy, proxy != null && tls);
    }

    /** The endpoint of an absolute http, https, ws or wss URL. */
    static Endpoint of(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("https") || scheme.equals("wss");
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Endpoint(tls, host, url.getPort() >= 0 ? url.getPort() : tls ? 443 : 80, null);
    }

    /** Whether requests go through a forwarding proxy in absolute form (not tunnelled). */
    boolean forwarded() {
        return proxy != null && !tunnel;
    }

    /** The {@code Host} header value: the port only when it is not the scheme's default. */
    String hostHeader() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == (tls ? 443 : 80) ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + hostHeader() + (proxy == null ? "" : (tunnel ? " tunnelled through proxy " : " via proxy ") + proxy);
    }
}
