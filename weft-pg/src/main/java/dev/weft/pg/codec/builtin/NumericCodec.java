package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.WriteBuffer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The binary {@code numeric} codec, to and from {@code BigDecimal}. The wire form is four int16s (digit
 * count, weight of the first digit in powers of 10000, sign, display scale) and then the base-10000
 * digits, most significant first. {@code NaN} and {@code ±Infinity} have no {@code BigDecimal}: decoding
 * them throws a {@link PgDecodeException} (cast to {@code float8} in SQL to read them), while binding a
 * {@code Double} NaN or infinity to a numeric parameter sends them.
 */
final class NumericCodec extends Codec<BigDecimal> {
    static final NumericCodec INSTANCE = new NumericCodec();

    private static final int POSITIVE = 0x0000;
    private static final int NEGATIVE = 0x4000;
    private static final int NAN = 0xC000;
    private static final int PLUS_INFINITY = 0xD000;
    private static final int MINUS_INFINITY = 0xF000;
    /** PostgreSQL's limits: 131072 digits before the decimal point, 16383 after. */
    private static final int MAX_DISPLAY_SCALE = 0x3FFF;
    private static final int MAX_INTEGER_DIGITS = 131072;
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    /*
     * NaN and the infinities, which BigDecimal cannot hold, travel from coerce() to encode() as these three
     * distinct instances, compared by identity.
     */
    private static final BigDecimal NAN_MARKER = new BigDecimal(BigInteger.ZERO, 0);
    private static final BigDecimal PLUS_INFINITY_MARKER = new BigDecimal(BigInteger.ZERO, 0);
    private static final BigDecimal MINUS_INFINITY_MARKER = new BigDecimal(BigInteger.ZERO, 0);

    private NumericCodec() {
        super("numeric", BigDecimal.class);
    }

    @Override
    BigDecimal coerce(Object value) {
        return switch (value) {
            case BigDecimal d -> d;
            case BigInteger b -> new BigDecimal(b);
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            case Short s -> BigDecimal.valueOf(s);
            case Byte b -> BigDecimal.valueOf(b);
            // NaN and infinities pass as a marker (a BigDecimal cannot hold them); encode() recognises it
            case Double d when !Double.isFinite(d) -> special(d);
            case Float f when !Float.isFinite(f) -> special(f);
            case Double d -> new BigDecimal(d.toString());
            case Float f -> new BigDecimal(f.toString());
            default -> null;
        };
    }

    @Override
    String acceptedTypes() {
        return "BigDecimal, BigInteger, Long, Integer, Short, Byte, Double, Float";
    }

    @Override
    public void encode(BigDecimal value, WriteBuffer out) {
        int special = specialSign(value);
        if (special != 0) {
            out.writeShort(0).writeShort(0).writeShort(special).writeShort(0);
            return;
        }
        int scale = value.scale();
        if (scale > MAX_DISPLAY_SCALE) {
            BigDecimal stripped = value.stripTrailingZeros();
            if (stripped.scale() > MAX_DISPLAY_SCALE) {
                throw new IllegalArgumentException("numeric value has more than " + MAX_DISPLAY_SCALE
                        + " digits after the decimal point: scale " + value.scale());
            }
            value = stripped;
            scale = stripped.scale();
        }
        if ((long) value.precision() - scale > MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException("numeric value has more than " + MAX_INTEGER_DIGITS
                    + " digits before the decimal point: " + ((long) value.precision() - scale));
        }
        int displayScale = Math.max(scale, 0);
        // align the unscaled value on a base-10000 digit boundary after the decimal point
        int groupScale = (displayScale + 3) / 4 * 4;
        BigInteger unscaled = value.unscaledValue().abs().multiply(BigInteger.TEN.pow(groupScale - scale));
        if (unscaled.signum() == 0) {
            out.writeShort(0).writeShort(0).writeShort(POSITIVE).writeShort(displayScale);
            return;
        }
        short[] digits = base10000(unscaled);
        int count = digits.length;
        int trailingZeros = 0;
        while (digits[count - 1 - trailingZeros] == 0) {
            trailingZeros++;
        }
        int weight = count - 1 - groupScale / 4;
        out.writeShort(count - trailingZeros).writeShort(weight)
                .writeShort(value.signum() < 0 ? NEGATIVE : POSITIVE).writeShort(displayScale);
        for (int i = 0; i < count - trailingZeros; i++) {
            out.writeShort(digits[i]);
        }
    }

    /** The base-10000 digits of a positive integer, most significant first. */
    private static short[] base10000(BigInteger value) {
        if (value.bitLength() < 63) {
            long v = value.longValue();
            short[] reversed = new short[5];
            int n = 0;
            while (v > 0) {
                reversed[n++] = (short) (v % 10_000);
                v /= 10_000;
            }
            short[] digits = new short[n];
            for (int i = 0; i < n; i++) {
                digits[i] = reversed[n - 1 - i];
            }
            return digits;
        }
        String decimal = value.toString();
        int count = (decimal.length() + 3) / 4;
        short[] digits = new short[count];
        int end = decimal.length();
        for (int i = count - 1; i >= 0; i--) {
            int start = Math.max(0, end - 4);
            digits[i] = (short) Integer.parseInt(decimal, start, end, 10);
            end = start;
        }
        return digits;
    }

    @Override
    public BigDecimal decode(byte[] data, int offset, int length) {
        if (length < 8) {
            throw PgDecodeException.malformed(typeName(), "header needs 8 bytes, got " + length);
        }
        int count = BigEndian.getShort(data, offset) & 0xFFFF;
        int weight = BigEndian.getShort(data, offset + 2);
        int sign = BigEndian.getShort(data, offset + 4) & 0xFFFF;
        int displayScale = BigEndian.getShort(data, offset + 6) & 0xFFFF;
        switch (sign) {
            case NAN -> throw PgDecodeException.outOfRange(typeName(), "NaN has no BigDecimal; cast it to float8");
            case PLUS_INFINITY, MINUS_INFINITY -> throw PgDecodeException.outOfRange(typeName(),
                    (sign == PLUS_INFINITY ? "" : "-") + "Infinity has no BigDecimal; cast it to float8");
            case POSITIVE, NEGATIVE -> { }
            default -> throw PgDecodeException.malformed(typeName(), "sign 0x" + Integer.toHexString(sign));
        }
        if (length != 8 + 2 * count || displayScale > MAX_DISPLAY_SCALE) {
            throw PgDecodeException.malformed(typeName(), count + " digits, display scale " + displayScale
                    + " in " + length + " bytes");
        }
        if (count == 0) {
            return BigDecimal.valueOf(0, displayScale);
        }
        BigInteger unscaled = null;
        long small = 0;
        for (int i = 0; i < count; i++) {
            int digit = BigEndian.getShort(data, offset + 8 + 2 * i);
            if (digit < 0 || digit > 9999) {
                throw PgDecodeException.malformed(typeName(), "digit " + digit);
            }
            if (unscaled == null && small < 100_000_000_000_000L) {
                small = small * 10_000 + digit;
            } else {
                unscaled = (unscaled == null ? BigInteger.valueOf(small) : unscaled).multiply(TEN_THOUSAND)
                        .add(BigInteger.valueOf(digit));
            }
        }
        int scale = 4 * (count - 1 - weight);
        BigDecimal result = unscaled == null ? BigDecimal.valueOf(small, scale) : new BigDecimal(unscaled, scale);
        if (sign == NEGATIVE) {
            result = result.negate();
        }
        // digits past the display scale are zero in what the server sends; DOWN mirrors its truncation otherwise
        return result.setScale(displayScale, RoundingMode.DOWN);
    }

    private static BigDecimal special(double d) {
        return Double.isNaN(d) ? NAN_MARKER : d > 0 ? PLUS_INFINITY_MARKER : MINUS_INFINITY_MARKER;
    }

    private static int specialSign(BigDecimal value) {
        if (value == NAN_MARKER) {
            return NAN;
        }
        if (value == PLUS_INFINITY_MARKER) {
            return PLUS_INFINITY;
        }
        return value == MINUS_INFINITY_MARKER ? MINUS_INFINITY : 0;
    }
}
