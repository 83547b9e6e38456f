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

    public WriteBuffer writeByte(int value) {
        ensure(1);
        bytes[position++] = (byte) value;
        return this;
    }

    public WriteBuffer writeShort(int value) {
        ensure(2);
        bytes[position++] = (byte) (value >>> 8);
        bytes[position++] = (byte) value;
        return this;
    }

    public WriteBuffer writeInt(int value) {
        ensure(4);
        putInt(position, value);
        position += 4;
        return this;
    }

    public WriteBuffer writeLong(long value) {
        ensure(8);
        putInt(position, (int) (value >>> 32));
        putInt(position + 4, (int) value);
        position += 8;
        return this;
    }

    public WriteBuffer writeFloat(float value) {
        return writeInt(Float.floatToRawIntBits(value));
    }

    public WriteBuffer writeDouble(double value) {
        return writeLong(Double.doubleToRawLongBits(value));
    }

    public WriteBuffer writeBytes(byte[] source) {
        return writeBytes(source, 0, source.length);
    }

    public WriteBuffer writeBytes(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, position, length);
        position += length;
        return this;
    }

    /** Writes the string as UTF-8, without a terminator. */
    public WriteBuffer writeUtf8(String value) {
        return writeBytes(value.getBytes(StandardCharsets.UTF_8));
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
