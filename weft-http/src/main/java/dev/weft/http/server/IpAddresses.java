package dev.weft.http.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/**
 * Strict parsing of IP literals and the node forms proxies write ({@code 192.0.2.7}, {@code 192.0.2.7:4711},
 * {@code 2001:db8::1}, {@code [2001:db8::1]:4711}). Never resolves a name: the text comes from clients.
 */
final class IpAddresses {
    /** Only the dotted-quad form: {@code 127.1} or {@code 010.0.0.1} are not what a proxy writes. */
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private IpAddresses() {
    }

    /** The address {@code text} spells (dotted-quad IPv4 or IPv6 without brackets or zone), or null. */
    static InetAddress literal(String text) {
        try {
            if (DOTTED_QUAD.matcher(text).matches()) {
                return Inet4Address.ofLiteral(text);
            }
            if (text.indexOf(':') >= 0 && text.indexOf('%') < 0 && text.indexOf('[') < 0) {
                return Inet6Address.ofLiteral(text);
            }
        } catch (IllegalArgumentException e) {
            // not a literal: the caller treats null as malformed
        }
        return null;
    }

    /**
     * The address and port of a forwarded node: an IPv4 literal with an optional {@code :port}, a bare
     * IPv6 literal, or a bracketed one with an optional {@code :port} (port 0 when absent); null for
     * anything else ({@code unknown}, obfuscated {@code _names}, garbage).
     */
    static InetSocketAddress node(String text) {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return null;
                }
                port = rest.substring(1);
            }
            if (host.indexOf(':') < 0) {
                return null; // brackets are for IPv6 only
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && colon == text.lastIndexOf(':')) {
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
            }
        }
        InetAddress address = literal(host);
        if (address == null) {
            return null;
        }
        int portNumber = 0;
        if (port != null) {
            if (!PORT.matcher(port).matches() || (portNumber = Integer.parseInt(port)) > 65535) {
                return null;
            }
        }
        return new InetSocketAddress(address, portNumber);
    }
}
