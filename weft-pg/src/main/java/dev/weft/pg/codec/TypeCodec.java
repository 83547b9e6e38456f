package dev.weft.pg.codec;

/**
 * Converts one PostgreSQL type between its wire form and a Java type. Codecs do no I/O: they write into
 * a {@link WriteBuffer} and read from a slice of a byte array. Implementations are immutable and
 * thread-safe.
 *
 * {@snippet :
 * TypeCodec<Integer> int4 = ...;
 * var out = new WriteBuffer(16);
 * int4.encode(42, out);                                 // 4 bytes, no length prefix
 * int back = int4.decode(out.array(), 0, out.position());
 * }
 *
 * @param <T> the Java type this codec produces when decoding
 */
public interface TypeCodec<T> {

    /** The Java type {@link #decode} returns: the default mapping of the PostgreSQL type. */
    Class<T> javaType();

    /** Whether this codec uses the binary wire format ({@code true}) or the text format. */
    boolean binary();

    /** Writes the value's bytes (no length prefix) in this codec's format. {@code value} is never null. */
    void encode(T value, WriteBuffer out);

    /** Reads one non-null value from {@code length} bytes at {@code offset}. */
    T decode(byte[] data, int offset, int length);
}
