package dev.weft.pg.types;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A {@code macaddr} (6 bytes) or {@code macaddr8} (8 bytes) value. Immutable and thread-safe: the bytes are
 * copied in and out.
 *
 * {@snippet :
 * PgMacAddress mac = PgMacAddress.parse("08:00:2b:01:02:03");
 * byte[] raw = mac.bytes();
 * }
 */
public final class PgMacAddress {
    private static final HexFormat HEX = HexFormat.ofDelimiter(":");
    private final byte[] bytes;

    private PgMacAddress(byte[] bytes) {
        if (bytes.length != 6 && bytes.length != 8) {
            throw new IllegalArgumentException("a MAC address has 6 or 8 bytes, got " + bytes.length);
        }
        this.bytes = bytes;
    }

    /** The address of these 6 ({@code macaddr}) or 8 ({@code macaddr8}) bytes. */
    public static PgMacAddress of(byte[] bytes) {
        return new PgMacAddress(bytes.clone());
    }

    /**
     * Parses six or eight colon-separated hex bytes, e.g. {@code 08:00:2b:01:02:03}.
     *
     * @throws IllegalArgumentException when the text is not in that form
     */
    public static PgMacAddress parse(String text) {
        try {
            return new PgMacAddress(HEX.parseHex(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a MAC address: " + text + " (" + e.getMessage() + ")", e);
        }
    }

    /** A copy of the address bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** 6 or 8. */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PgMacAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The address as lower-case hex bytes separated by colons, as PostgreSQL writes it. */
    @Override
    public String toString() {
        return HEX.formatHex(bytes);
    }
}
