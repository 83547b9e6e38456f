package dev.weft.http.server;

import dev.weft.http.codec.FieldSyntax;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves the original client's address, scheme and host from the forwarded headers of a request,
 * believing them only when the TCP peer is a trusted proxy. Immutable and thread-safe.
 *
 * <p>Each hop of the chain is a list entry: entry {@code i} was written by the proxy named in entry
 * {@code i + 1} (the last one by the peer). Walking from the right, an entry whose writer is trusted is
 * believed; the walk stops at the first address that is not trusted (the client), at a malformed
 * entry (then the last address believed, the peer if none, is the client), or after {@code maxHops}
 * entries. Entries a client put in front of its request are left of its own and so never reached.
 */
final class ForwardedResolver {
    /** A host a proxy may forward: a name or IPv4 literal, or a bracketed IPv6 literal, with an optional port. */
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}\\])(:\\d{1,5})?");

    private final TrustedProxies trusted;
    private final ForwardedHeaders kind;
    private final int maxHops;

    ForwardedResolver(TrustedProxies trusted, ForwardedHeaders kind, int maxHops) {
        this.trusted = trusted;
        this.kind = kind;
        this.maxHops = maxHops;
    }

    /** The resolver of {@code config}. */
    static ForwardedResolver of(ServerConfig config) {
        return new ForwardedResolver(TrustedProxies.parse(config.trustedProxies()), config.forwardedHeaders(),
                config.maxForwardedHops());
    }

    /** What the client used; the connection's own view unless {@code peer} is a trusted proxy. */
    ClientView resolve(SocketAddress peer, boolean secure, String hostHeader, Function<String, List<String>> headers) {
        ClientView direct = new ClientView(peer, secure ? "https" : "http", hostHeader);
        if (trusted.isEmpty() || !trusted.trusts(peer)) {
            return direct;
        }
        return kind == ForwardedHeaders.FORWARDED ? fromForwarded(direct, headers.apply("Forwarded"))
                : fromXForwarded(direct, headers);
    }

    private ClientView fromXForwarded(ClientView direct, Function<String, List<String>> headers) {
        List<String> chain = listItems(headers.apply("X-Forwarded-For"));
        Hop hop = walk(direct.address(), chain);
        String proto = aligned(listItems(headers.apply("X-Forwarded-Proto")), chain.size(), hop.index());
        String host = aligned(listItems(headers.apply("X-Forwarded-Host")), chain.size(), hop.index());
        return view(direct, hop.address(), proto, host);
    }

    /**
     * The value describing the hop at {@code index} of the address chain: the same entry when the list
     * runs alongside the chain (each proxy appended one), else the last one (the peer set it).
     */
    private static String aligned(List<String> values, int chainLength, int index) {
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == chainLength && index >= 0 ? values.get(index) : values.getLast();
    }

    private ClientView fromForwarded(ClientView direct, List<String> lines) {
        List<Map<String, String>> elements = ForwardedElements.parse(lines);
        if (elements == null) {
            return direct; // unparseable as a whole: nothing in it can be placed on the chain
        }
        if (elements.isEmpty()) {
            return direct;
        }
        List<String> chain = new ArrayList<>(elements.size());
        for (Map<String, String> element : elements) {
            chain.add(element.getOrDefault("for", ""));
        }
        Hop hop = walk(direct.address(), chain);
        // The element that names the client was written by the trusted proxy it talked to.
        Map<String, String> element = elements.get(hop.index() >= 0 ? hop.index() : elements.size() - 1);
        return view(direct, hop.address(), element.get("proto"), element.get("host"));
    }

    private static ClientView view(ClientView direct, SocketAddress address, String proto, String host) {
        String scheme = direct.scheme();
        if (proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
            scheme = proto.toLowerCase(Locale.ROOT);
        }
        String resolvedHost = host != null && HOST.matcher(host).matches() ? host : direct.host();
        return new ClientView(address, scheme, resolvedHost);
    }

    /** The client's address and the index of the entry naming it (-1 when it is the peer). */
    private record Hop(SocketAddress address, int index) {
    }

    private Hop walk(SocketAddress peer, List<String> chain) {
        Hop hop = new Hop(peer, -1);
        int last = chain.size() - 1;
        for (int i = last; i >= 0 && last - i < maxHops; i--) {
            InetSocketAddress node = IpAddresses.node(chain.get(i));
            if (node == null) {
                break;
            }
            hop = new Hop(node, i);
            if (!trusted.trusts(node.getAddress())) {
                break;
            }
        }
        return hop;
    }

    /** The comma-separated items of a list header's lines, trimmed, empty ones dropped. */
    private static List<String> listItems(List<String> lines) {
        List<String> items = new ArrayList<>();
        for (String line : lines) {
            for (String item : line.split(",")) {
                String trimmed = item.strip();
                if (!trimmed.isEmpty()) {
                    items.add(trimmed);
                }
            }
        }
        return items;
    }

    /** RFC 7239 section 4: {@code Forwarded = 1#forwarded-element}, pairs of token = token / quoted-string. */
    static final class ForwardedElements {
        private ForwardedElements() {
        }

        /** The elements, parameter names lower-cased; null when the syntax is broken anywhere. */
        static List<Map<String, String>> parse(List<String> lines) {
            List<Map<String, String>> elements = new ArrayList<>();
            for (String line : lines) {
                if (!parseLine(line, elements)) {
                    return null;
                }
            }
            return elements;
        }

        private static boolean parseLine(String line, List<Map<String, String>> elements) {
            Map<String, String> element = new HashMap<>();
            int i = 0;
            int n = line.length();
            while (true) {
                i = skipSpace(line, i);
                if (i == n) {
                    break;
                }
                int nameStart = i;
                while (i < n && FieldSyntax.isTokenChar(line.charAt(i))) {
                    i++;
                }
                if (i == nameStart || i == n || line.charAt(i) != '=') {
                    return false;
                }
                String name = line.substring(nameStart, i).toLowerCase(Locale.ROOT);
                i++;
                StringBuilder value = new StringBuilder();
                if (i < n && line.charAt(i) == '"') {
                    i++;
                    while (i < n && line.charAt(i) != '"') {
                        if (line.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        value.append(line.charAt(i++));
                    }
                    if (i == n) {
                        return false;
                    }
                    i++;
                } else {
                    while (i < n && FieldSyntax.isTokenChar(line.charAt(i))) {
                        value.append(line.charAt(i++));
                    }
                }
                if (element.putIfAbsent(name, value.toString()) != null) {
                    return false; // a parameter twice in one element (RFC 7239 section 4)
                }
                i = skipSpace(line, i);
                if (i < n && line.charAt(i) == ';') {
                    i++;
                } else if (i < n && line.charAt(i) == ',') {
                    elements.add(element);
                    element = new HashMap<>();
                    i++;
                } else if (i < n) {
                    return false;
                }
            }
            if (!element.isEmpty()) {
                elements.add(element);
            }
            return true;
        }

        private static int skipSpace(String line, int i) {
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            return i;
        }
    }
}
