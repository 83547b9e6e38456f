package dev.weft.pg.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer: protocol messages and binary codec values are written into it.
 * Not thread-safe; one writer at a time.
 *
 * {@snippet :
 * var out = new WriteBuffer(256);
 * int lengthAt = out.position();
 * out.writeInt(0);                         // placeholder for a length
 * out.writeCString("SELECT 1");
 * out.setInt(lengthAt, out.position() - lengthAt);
 * }
 */
public final class WriteBuffer {
    private byte[] bytes;
    private int position;

    /** An empty buffer that starts with room for {@code initialCapacity} bytes and grows as needed. */
    public WriteBuffer(int initialCapacity) {
        if (initialCapacity <= 0) {
            throw new IllegalArgumentException("initialCapacity <= 0: " + initialCapacity);
        }
        this.bytes = new byte[initialCapacity];
    }

    /** Number of bytes written so far; also the offset the next write goes to. */
    public int position() {
        return position;
    }

    /** The backing array; valid from 0 to {@link #position()}. */
    public byte[] array() {
        return bytes;
    }

    /** A copy of the written bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, position);
    }

    /** Forgets what was written, keeping the capacity. */
    public void clear() {
        position = 0;
    }

    /** Drops everything written after {@code newPosition}. */
    public void truncate(int newPosition) {
        if (newPosition < 0 || newPosition > position) {
            throw new IllegalArgumentException("newPosition out of range: " + newPosition);
        }
        position = newPosition;
    }

    /** Writes the low 8 bits of {@code value}. */
    public WriteBuffer writeByte(int value) {
        ensure(1);
        bytes[position++] = (byte) value;
        return this;
    }

    /** Writes the low 16 bits of {@code value}, big-endian. */
    public WriteBuffer writeShort(int value) {
        ensure(2);
        bytes[position++] = (byte) (value >>> 8);
        bytes[position++] = (byte) value;
        return this;
    }

    /** Writes {@code value} as 4 big-endian bytes. */
    public WriteBuffer writeInt(int value) {
        ensure(4);
        putInt(position, value);
        position += 4;
        return this;
    }

    /** Writes {@code value} as 8 big-endian bytes. */
    public WriteBuffer writeLong(long value) {
        ensure(8);
        putInt(position, (int) (value >>> 32));
        putInt(position + 4, (int) value);
        position += 8;
        return this;
    }

    /** Writes the IEEE 754 bits of {@code value} (NaN payloads and -0 kept), big-endian. */
    public WriteBuffer writeFloat(float value) {
        return writeInt(Float.floatToRawIntBits(value));
    }

    /** Writes the IEEE 754 bits of {@code value} (NaN payloads and -0 kept), big-endian. */
    public WriteBuffer writeDouble(double value) {
        return writeLong(Double.doubleToRawLongBits(value));
    }

    /** Writes all of {@code source}. */
    public WriteBuffer writeBytes(byte[] source) {
        return writeBytes(source, 0, source.length);
    }

    /** Writes {@code length} bytes of {@code source} from {@code offset}. */
    public WriteBuffer writeBytes(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, position, length);
        position += length;
        return this;
    }

    /** Writes the string as UTF-8, without a terminator. */
    public WriteBuffer writeUtf8(String value) {
        // most SQL and most text values are ASCII: copy those chars straight in, without an encoded copy
        int length = value.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                return writeBytes(value.substring(i).getBytes(StandardCharsets.UTF_8));
            }
            bytes[position++] = (byte) c;
        }
        return this;
    }

    /** Writes the string as UTF-8 followed by a zero byte, as protocol strings are. */
    public WriteBuffer writeCString(String value) {
        return writeUtf8(value).writeByte(0);
    }

    /** Overwrites four bytes at {@code offset}, which must already have been written. */
    public void setInt(int offset, int value) {
        if (offset < 0 || offset + 4 > position) {
            throw new IndexOutOfBoundsException("setInt at " + offset + " with position " + position);
        }
        putInt(offset, value);
    }

    private void putInt(int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    private void ensure(int more) {
        int needed = position + more;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }
}
