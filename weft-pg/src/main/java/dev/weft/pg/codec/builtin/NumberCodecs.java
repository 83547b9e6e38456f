package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.WriteBuffer;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Codecs of the fixed-width scalar types: {@code bool}, {@code int2}, {@code int4}, {@code int8},
 * {@code oid}, {@code float4}, {@code float8} and {@code money}. Integer parameters take any Java integer
 * that fits; float parameters take any Java float or integer.
 */
final class NumberCodecs {
    static final Codec<Boolean> BOOL = new BoolCodec();
    static final Codec<Short> INT2 = new Int2Codec();
    static final Codec<Integer> INT4 = new Int4Codec();
    static final Codec<Long> INT8 = new Int8Codec();
    static final Codec<Long> OID = new OidCodec();
    static final Codec<Float> FLOAT4 = new Float4Codec();
    static final Codec<Double> FLOAT8 = new Float8Codec();
    static final Codec<BigDecimal> MONEY = new MoneyCodec();

    private static final String INTEGERS = "Byte, Short, Integer, Long, BigInteger";

    private NumberCodecs() {
    }

    /** The value of a Java integer type, range-checked against [{@code min}, {@code max}]; null for other types. */
    static Long integral(Object value, long min, long max, String typeName) {
        long v;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            v = ((Number) value).longValue();
        } else if (value instanceof BigInteger big && big.bitLength() < 64) {
            v = big.longValue();
        } else if (value instanceof BigInteger big) {
            throw new IllegalArgumentException("value " + big + " out of range for PostgreSQL type " + typeName);
        } else {
            return null;
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("value " + v + " out of range for PostgreSQL type " + typeName
                    + " [" + min + ", " + max + "]");
        }
        return v;
    }

    /** The value of a Java float or integer type as a double; null for other types. */
    private static Double floating(Object value) {
        return switch (value) {
            case Double d -> d;
            case Float f -> f.doubleValue();
            case Integer i -> i.doubleValue();
            case Long l -> l.doubleValue();
            case Short s -> s.doubleValue();
            case Byte b -> b.doubleValue();
            default -> null;
        };
    }

    private static final class BoolCodec extends Codec<Boolean> {
        BoolCodec() {
            super("bool", Boolean.class);
        }

        @Override
        public void encode(Boolean value, WriteBuffer out) {
            out.writeByte(value ? 1 : 0);
        }

        @Override
        public Boolean decode(byte[] data, int offset, int length) {
            requireLength(length, 1);
            return data[offset] != 0;
        }
    }

    private static final class Int2Codec extends Codec<Short> {
        Int2Codec() {
            super("int2", Short.class);
        }

        @Override
        Short coerce(Object value) {
            Long v = integral(value, Short.MIN_VALUE, Short.MAX_VALUE, typeName());
            return v == null ? null : v.shortValue();
        }

        @Override
        String acceptedTypes() {
            return INTEGERS;
        }

        @Override
        public void encode(Short value, WriteBuffer out) {
            out.writeShort(value);
        }

        @Override
        public Short decode(byte[] data, int offset, int length) {
            requireLength(length, 2);
            return BigEndian.getShort(data, offset);
        }
    }

    private static final class Int4Codec extends Codec<Integer> {
        Int4Codec() {
            super("int4", Integer.class);
        }

        @Override
        Integer coerce(Object value) {
            if (value instanceof Integer i) {
                return i;
            }
            Long v = integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE, typeName());
            return v == null ? null : v.intValue();
        }

        @Override
        String acceptedTypes() {
            return INTEGERS;
        }

        @Override
        public void encode(Integer value, WriteBuffer out) {
            out.writeInt(value);
        }

        @Override
        public Integer decode(byte[] data, int offset, int length) {
            requireLength(length, 4);
            return BigEndian.getInt(data, offset);
        }
    }

    private static final class Int8Codec extends Codec<Long> {
        Int8Codec() {
            super("int8", Long.class);
        }

        @Override
        Long coerce(Object value) {
            if (value instanceof Long l) {
                return l;
            }
            return integral(value, Long.MIN_VALUE, Long.MAX_VALUE, typeName());
        }

        @Override
        String acceptedTypes() {
            return INTEGERS;
        }

        @Override
        public void encode(Long value, WriteBuffer out) {
            out.writeLong(value);
        }

        @Override
        public Long decode(byte[] data, int offset, int length) {
            requireLength(length, 8);
            return BigEndian.getLong(data, offset);
        }
    }

    /** {@code oid} is an unsigned 32-bit integer, so it maps to {@code Long}. */
    private static final class OidCodec extends Codec<Long> {
        OidCodec() {
            super("oid", Long.class);
        }

        @Override
        Long coerce(Object value) {
            return integral(value, 0, 0xFFFF_FFFFL, typeName());
        }

        @Override
        String acceptedTypes() {
            return INTEGERS;
        }

        @Override
        public void encode(Long value, WriteBuffer out) {
            out.writeInt(value.intValue());
        }

        @Override
        public Long decode(byte[] data, int offset, int length) {
            requireLength(length, 4);
            return Integer.toUnsignedLong(BigEndian.getInt(data, offset));
        }
    }

    private static final class Float4Codec extends Codec<Float> {
        Float4Codec() {
            super("float4", Float.class);
        }

        @Override
        Float coerce(Object value) {
            if (value instanceof Float f) {
                return f;
            }
            Double d = floating(value);
            return d == null ? null : d.floatValue();
        }

        @Override
        String acceptedTypes() {
            return "Float, Double (rounded to float), " + INTEGERS.replace(", BigInteger", "");
        }

        @Override
        public void encode(Float value, WriteBuffer out) {
            out.writeFloat(value);
        }

        @Override
        public Float decode(byte[] data, int offset, int length) {
            requireLength(length, 4);
            return BigEndian.getFloat(data, offset);
        }
    }

    private static final class Float8Codec extends Codec<Double> {
        Float8Codec() {
            super("float8", Double.class);
        }

        @Override
        Double coerce(Object value) {
            return floating(value);
        }

        @Override
        String acceptedTypes() {
            return "Double, Float, " + INTEGERS.replace(", BigInteger", "");
        }

        @Override
        public void encode(Double value, WriteBuffer out) {
            out.writeDouble(value);
        }

        @Override
        public Double decode(byte[] data, int offset, int length) {
            requireLength(length, 8);
            return BigEndian.getDouble(data, offset);
        }
    }

    /**
     * {@code money} travels as an int8 count of the currency's minor units. The number of fraction digits
     * depends on the server's {@code lc_monetary}; this codec assumes 2, right for most locales (and for C).
     */
    private static final class MoneyCodec extends Codec<BigDecimal> {
        MoneyCodec() {
            super("money", BigDecimal.class);
        }

        @Override
        BigDecimal coerce(Object value) {
            if (value instanceof BigDecimal d) {
                if (d.scale() > 2 && d.stripTrailingZeros().scale() > 2) {
                    throw new IllegalArgumentException("money value " + d + " has more than 2 fraction digits");
                }
                return d;
            }
            Long v = integral(value, Long.MIN_VALUE / 100, Long.MAX_VALUE / 100, typeName());
            return v == null ? null : BigDecimal.valueOf(v);
        }

        @Override
        String acceptedTypes() {
            return "BigDecimal (at most 2 fraction digits), " + INTEGERS;
        }

        @Override
        public void encode(BigDecimal value, WriteBuffer out) {
            try {
                out.writeLong(value.movePointRight(2).longValueExact());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("money value out of range: " + value, e);
            }
        }

        @Override
        public BigDecimal decode(byte[] data, int offset, int length) {
            requireLength(length, 8);
            return BigDecimal.valueOf(BigEndian.getLong(data, offset), 2);
        }
    }
}
