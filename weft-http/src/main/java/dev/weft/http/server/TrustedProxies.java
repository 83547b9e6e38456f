package dev.weft.http.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

/**
 * The address blocks whose forwarded headers are believed, parsed from CIDR strings such as
 * {@code 10.0.0.0/8} or {@code ::1/128} (a bare address is its own block). Immutable.
 */
final class TrustedProxies {
    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /**
     * Parses {@code cidrs}; throws {@link IllegalArgumentException} naming the first that is not an IP
     * literal with an optional prefix length in range and no bits set past the prefix.
     */
    static TrustedProxies parse(List<String> cidrs) {
        List<Block> blocks = new ArrayList<>(cidrs.size());
        for (String cidr : cidrs) {
            blocks.add(block(cidr));
        }
        return new TrustedProxies(List.copyOf(blocks));
    }

    private static Block block(String cidr) {
        if (cidr == null) {
            throw new IllegalArgumentException("trusted proxy is null");
        }
        int slash = cidr.indexOf('/');
        InetAddress address = IpAddresses.literal(slash < 0 ? cidr : cidr.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("trusted proxy is not an IP address or CIDR block: \"" + cidr + "\"");
        }
        byte[] network = address.getAddress();
        // Java reads an IPv4-mapped IPv6 literal (::ffff:a.b.c.d) as the IPv4 address, and so are its peers:
        // its prefix counts 96 bits more than the IPv4 block it stands for.
        String literal = slash < 0 ? cidr : cidr.substring(0, slash);
        boolean mapped = address instanceof Inet4Address && literal.indexOf(':') >= 0;
        int bits = mapped ? 128 : network.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = cidr.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || (prefix = Integer.parseInt(length)) > bits
                    || (mapped && prefix < 96)) {
                throw new IllegalArgumentException("trusted proxy has a bad prefix length (" + (mapped ? 96 : 0)
                        + " to " + bits + "): \"" + cidr + "\"");
            }
        }
        if (mapped) {
            prefix -= 96;
            bits = 32;
        }
        Block block = new Block(network, prefix);
        byte[] masked = network.clone();
        for (int bit = prefix; bit < bits; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        if (!Arrays.equals(masked, network)) {
            throw new IllegalArgumentException("trusted proxy has address bits set past its prefix: \"" + cidr
                    + "\" (did you mean " + hostAddress(masked) + "/" + prefix + "?)");
        }
        return block;
    }

    private static String hostAddress(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress(); // from bytes: no name lookup
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes", e);
        }
    }

    /** Whether no proxy is trusted (the default: forwarded headers change nothing). */
    boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code peer} is an IP socket address inside one of the blocks (Unix-socket peers never are). */
    boolean trusts(SocketAddress peer) {
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null && trusts(inet.getAddress());
    }

    boolean trusts(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Block block : blocks) {
            if (block.contains(bytes)) {
                return true;
            }
        }
        return false;
    }
}
