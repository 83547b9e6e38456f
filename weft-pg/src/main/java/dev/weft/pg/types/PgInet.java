package dev.weft.pg.types;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An {@code inet} or {@code cidr} value: an IPv4 or IPv6 address and a network prefix length. For
 * {@code cidr} the bits after the prefix must be zero (the server rejects the value otherwise). Immutable
 * and thread-safe.
 *
 * {@snippet :
 * PgInet host = PgInet.parse("192.168.0.7/24");       // inet: a host in a network
 * PgInet net = PgInet.parse("2001:db8::/32");         // cidr-shaped
 * InetAddress a = host.address();
 * }
 *
 * @param address the address (its class says the family)
 * @param prefix the prefix length: 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record PgInet(InetAddress address, int prefix) {

    /** Checks the prefix fits the address family. */
    public PgInet {
        Objects.requireNonNull(address, "address");
        if (prefix < 0 || prefix > maxPrefix(address)) {
            throw new IllegalArgumentException("prefix " + prefix + " outside 0.." + maxPrefix(address) + " for "
                    + address.getHostAddress());
        }
    }

    /** A single host: the address with the full prefix (/32 or /128). */
    public static PgInet of(InetAddress address) {
        return new PgInet(address, maxPrefix(address));
    }

    /**
     * Parses a numeric address with an optional {@code /prefix}, e.g. {@code 10.0.0.1} or {@code ::1/64};
     * never resolves host names.
     *
     * @throws IllegalArgumentException when the text is not a numeric address
     */
    public static PgInet parse(String text) {
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        if (host.isEmpty() || !(host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            throw new IllegalArgumentException("not a numeric IP address: " + text);
        }
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a numeric IP address: " + text, e);
        }
        try {
            return new PgInet(address, slash < 0 ? maxPrefix(address) : Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix in " + text, e);
        }
    }

    private static int maxPrefix(InetAddress address) {
        return address instanceof Inet4Address ? 32 : 128;
    }

    /** The value as PostgreSQL writes an {@code inet}: the address, and {@code /prefix} unless it is the full length. */
    @Override
    public String toString() {
        String host = address.getHostAddress();
        return prefix == maxPrefix(address) ? host : host + "/" + prefix;
    }
}
