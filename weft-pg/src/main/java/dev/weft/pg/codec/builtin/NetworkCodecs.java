package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.types.PgInet;
import dev.weft.pg.types.PgMacAddress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Codecs of {@code inet}, {@code cidr}, {@code macaddr} and {@code macaddr8}. An address travels as its
 * family (2 for IPv4, 3 for IPv6), prefix length, a cidr flag, its length in bytes and its bytes.
 */
final class NetworkCodecs {
    static final Codec<PgInet> INET = new InetCodec("inet", false);
    static final Codec<PgInet> CIDR = new InetCodec("cidr", true);
    static final Codec<PgMacAddress> MACADDR = new MacCodec("macaddr", 6);
    static final Codec<PgMacAddress> MACADDR8 = new MacCodec("macaddr8", 8);

    private static final int FAMILY_IPV4 = 2;
    private static final int FAMILY_IPV6 = 3;

    private NetworkCodecs() {
    }

    private static final class InetCodec extends Codec<PgInet> {
        private final boolean cidr;

        InetCodec(String typeName, boolean cidr) {
            super(typeName, PgInet.class);
            this.cidr = cidr;
        }

        @Override
        PgInet coerce(Object value) {
            return switch (value) {
                case PgInet i -> i;
                case InetAddress a -> PgInet.of(a);
                default -> null;
            };
        }

        @Override
        String acceptedTypes() {
            return "PgInet, InetAddress";
        }

        @Override
        public void encode(PgInet value, WriteBuffer out) {
            byte[] address = value.address().getAddress();
            out.writeByte(value.address() instanceof Inet4Address ? FAMILY_IPV4 : FAMILY_IPV6)
                    .writeByte(value.prefix()).writeByte(cidr ? 1 : 0).writeByte(address.length).writeBytes(address);
        }

        @Override
        public PgInet decode(byte[] data, int offset, int length) {
            if (length < 4) {
                throw PgDecodeException.malformed(typeName(), "needs at least 4 bytes, got " + length);
            }
            int family = data[offset];
            int size = data[offset + 3];
            int expected = family == FAMILY_IPV4 ? 4 : family == FAMILY_IPV6 ? 16 : -1;
            if (expected < 0 || size != expected || length != 4 + size) {
                throw PgDecodeException.malformed(typeName(), "family " + family + " with " + size + " address bytes in "
                        + length);
            }
            try {
                InetAddress address = InetAddress.getByAddress(Arrays.copyOfRange(data, offset + 4, offset + 4 + size));
                return new PgInet(address, data[offset + 1] & 0xFF);
            } catch (UnknownHostException | IllegalArgumentException e) {
                throw PgDecodeException.malformed(typeName(), e.getMessage());
            }
        }
    }

    /** A MAC address codec; a 6-byte address sent as {@code macaddr8} gets FF:FE inserted, as the server's cast does. */
    private static final class MacCodec extends Codec<PgMacAddress> {
        private final int size;

        MacCodec(String typeName, int size) {
            super(typeName, PgMacAddress.class);
            this.size = size;
        }

        @Override
        PgMacAddress coerce(Object value) {
            if (!(value instanceof PgMacAddress mac)) {
                return null;
            }
            if (mac.length() == size) {
                return mac;
            }
            if (size == 8) {
                byte[] b = mac.bytes();
                return PgMacAddress.of(new byte[] {b[0], b[1], b[2], (byte) 0xFF, (byte) 0xFE, b[3], b[4], b[5]});
            }
            throw new IllegalArgumentException("an 8-byte MAC address " + mac + " does not fit PostgreSQL type macaddr");
        }

        @Override
        public void encode(PgMacAddress value, WriteBuffer out) {
            out.writeBytes(value.bytes());
        }

        @Override
        public PgMacAddress decode(byte[] data, int offset, int length) {
            requireLength(length, size);
            return PgMacAddress.of(Arrays.copyOfRange(data, offset, offset + length));
        }
    }
}
