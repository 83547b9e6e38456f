package dev.weft.pg.types;

import java.util.Arrays;

/**
 * A {@code bit(n)} or {@code bit varying} value: a string of bits of any length, packed most significant
 * bit first as the server packs them. Immutable and thread-safe: the bytes are copied in and out.
 *
 * {@snippet :
 * PgBits flags = PgBits.parse("10110");
 * boolean third = flags.get(2);                   // true
 * }
 */
public final class PgBits {
    private final int length;
    private final byte[] bytes;

    private PgBits(int length, byte[] bytes) {
        if (length < 0 || bytes.length != (length + 7) / 8) {
            throw new IllegalArgumentException(length + " bits need " + (Math.max(length, 0) + 7) / 8 + " bytes, got "
                    + bytes.length);
        }
        this.length = length;
        this.bytes = bytes;
        int spare = bytes.length * 8 - length;
        if (spare > 0) {
            bytes[bytes.length - 1] &= (byte) (0xFF << spare); // the server requires the padding bits to be zero
        }
    }

    /** The bits {@code 0} and {@code 1} of {@code text}, first character first. */
    public static PgBits parse(String text) {
        byte[] bytes = new byte[(text.length() + 7) / 8];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '1') {
                bytes[i / 8] |= (byte) (0x80 >>> (i % 8));
            } else if (c != '0') {
                throw new IllegalArgumentException("not a bit string: '" + text + "' has '" + c + "' at " + i);
            }
        }
        return new PgBits(text.length(), bytes);
    }

    /** {@code length} bits packed most significant first in {@code bytes} (padding bits are cleared). */
    public static PgBits of(int length, byte[] bytes) {
        return new PgBits(length, bytes.clone());
    }

    /** The number of bits. */
    public int length() {
        return length;
    }

    /** Bit {@code index} (from 0, the leftmost). */
    public boolean get(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("bit " + index + " of " + length);
        }
        return (bytes[index / 8] & (0x80 >>> (index % 8))) != 0;
    }

    /** A copy of the packed bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PgBits other && length == other.length && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * length + Arrays.hashCode(bytes);
    }

    /** The bits as {@code 0}s and {@code 1}s, as PostgreSQL writes them. */
    @Override
    public String toString() {
        var b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(get(i) ? '1' : '0');
        }
        return b.toString();
    }
}
