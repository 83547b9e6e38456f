package dev.weft.pg.codec.builtin;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reads big-endian numbers straight out of a received byte array, without copying the slice. */
final class BigEndian {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private BigEndian() {
    }

    static short getShort(byte[] data, int offset) {
        return (short) SHORT.get(data, offset);
    }

    static int getInt(byte[] data, int offset) {
        return (int) INT.get(data, offset);
    }

    static long getLong(byte[] data, int offset) {
        return (long) LONG.get(data, offset);
    }

    static float getFloat(byte[] data, int offset) {
        return Float.intBitsToFloat(getInt(data, offset));
    }

    static double getDouble(byte[] data, int offset) {
        return Double.longBitsToDouble(getLong(data, offset));
    }
}
