package dev.weft.pg.codec.builtin;

import static dev.weft.pg.codec.builtin.Wire.decode;
import static dev.weft.pg.codec.builtin.Wire.encode;
import static dev.weft.pg.codec.builtin.Wire.hex;
import static dev.weft.pg.codec.builtin.Wire.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.pg.codec.CodecRegistry;
import dev.weft.pg.codec.PgDecodeException;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Wire bytes follow numeric.c: int16 ndigits, weight, sign, dscale, then base-10000 digits. */
class NumericCodecTest {
    private static final NumericCodec NUMERIC = NumericCodec.INSTANCE;

    @Test
    void encodesDigitGroupsAroundTheDecimalPoint() {
        // 12345.678 = 1|2345 . 6780 : weight 1, dscale 3
        assertThat(hex(encode(NUMERIC, new BigDecimal("12345.678")))).isEqualTo("0003000100000003" + "000109291a7c");
        assertThat(hex(encode(NUMERIC, new BigDecimal("-1")))).isEqualTo("0001000040000000" + "0001");
        assertThat(hex(encode(NUMERIC, new BigDecimal("0.0001")))).isEqualTo("0001ffff00000004" + "0001");
        assertThat(hex(encode(NUMERIC, new BigDecimal("0.5")))).isEqualTo("0001ffff00000001" + "1388");
    }

    @Test
    void zeroKeepsItsDisplayScale() {
        assertThat(hex(encode(NUMERIC, BigDecimal.ZERO))).isEqualTo("0000000000000000");
        assertThat(hex(encode(NUMERIC, new BigDecimal("0.00")))).isEqualTo("0000000000000002");
        assertThat(decode(NUMERIC, hex("0000000000000002"))).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void negativeScaleBecomesWeightWithTrailingZeroGroupsStripped() {
        // 1E+20 = 1|0000|0000|0000|0000|0000: one digit of weight 5
        assertThat(hex(encode(NUMERIC, new BigDecimal("1E+20")))).isEqualTo("0001000500000000" + "0001");
        assertThat(roundTrip(NUMERIC, new BigDecimal("-7E+3"))).isEqualByComparingTo("-7000");
    }

    @Test
    void decodesTheDocumentedExample() {
        assertThat(decode(NUMERIC, hex("0003000100000003000109291a7c"))).isEqualTo(new BigDecimal("12345.678"));
        assertThat(decode(NUMERIC, hex("0001000500000000" + "0001"))).isEqualTo(new BigDecimal("100000000000000000000"));
    }

    @Test
    void roundTripsValuesExactlyWithTheirScale() {
        for (String s : new String[] {"1.500", "-0.000000012345", "123456789012345678901234567890.123456789",
                "9223372036854775807", "-9223372036854775808", "0.1", "99999999", "100000000", "1e-8"}) {
            BigDecimal value = new BigDecimal(s);
            BigDecimal back = roundTrip(NUMERIC, value);
            assertThat(back).isEqualByComparingTo(value);
            assertThat(back.scale()).isEqualTo(Math.max(value.scale(), 0));
        }
    }

    @Test
    void handlesHugeAndTinyValuesAtTheServerLimits() {
        BigDecimal huge = new BigDecimal("9".repeat(1000) + "." + "9".repeat(500));
        assertThat(roundTrip(NUMERIC, huge)).isEqualTo(huge);
        BigDecimal tiny = BigDecimal.ONE.scaleByPowerOfTen(-16383);
        assertThat(roundTrip(NUMERIC, tiny)).isEqualTo(tiny);
        assertThat(roundTrip(NUMERIC, new BigDecimal(BigInteger.TEN.pow(131071)))).isEqualByComparingTo(
                new BigDecimal(BigInteger.TEN.pow(131071)));
        assertThatThrownBy(() -> encode(NUMERIC, BigDecimal.ONE.scaleByPowerOfTen(-16384)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16383");
        assertThatThrownBy(() -> encode(NUMERIC, BigDecimal.ONE.scaleByPowerOfTen(131072)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("131072");
        // trailing zeros beyond the display-scale limit are dropped rather than refused
        assertThat(roundTrip(NUMERIC, new BigDecimal("1." + "0".repeat(20000)))).isEqualByComparingTo("1");
    }

    @Test
    void specialValuesAreClearErrorsOnDecode() {
        assertThatThrownBy(() -> decode(NUMERIC, hex("00000000c0000000")))
                .isInstanceOf(PgDecodeException.class).hasMessageContaining("NaN").hasMessageContaining("float8")
                .extracting(e -> ((PgDecodeException) e).sqlState()).isEqualTo("22003");
        assertThatThrownBy(() -> decode(NUMERIC, hex("00000000d0000000"))).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> decode(NUMERIC, hex("00000000f0000000"))).hasMessageContaining("-Infinity");
    }

    @Test
    void doubleNanAndInfinitiesAreSentAsNumericSpecials() {
        var registry = CodecRegistry.create();
        assertThat(hex(Wire.encodeParameter(registry, 1700, Double.NaN))).isEqualTo("00000000c0000000");
        assertThat(hex(Wire.encodeParameter(registry, 1700, Double.POSITIVE_INFINITY))).isEqualTo("00000000d0000000");
        assertThat(hex(Wire.encodeParameter(registry, 1700, Float.NEGATIVE_INFINITY))).isEqualTo("00000000f0000000");
        assertThat(hex(Wire.encodeParameter(registry, 1700, 0.1))).isEqualTo("0001ffff00000001" + "03e8");
        assertThat(hex(Wire.encodeParameter(registry, 1700, 42))).isEqualTo("0001000000000000" + "002a");
    }

    @Test
    void malformedInputIsRejected() {
        assertThatThrownBy(() -> decode(NUMERIC, hex("0001"))).isInstanceOf(PgDecodeException.class);
        assertThatThrownBy(() -> decode(NUMERIC, hex("0002000000000000" + "0001"))).isInstanceOf(PgDecodeException.class)
                .hasMessageContaining("2 digits");
        assertThatThrownBy(() -> decode(NUMERIC, hex("0001000000000000" + "2710"))).hasMessageContaining("digit 10000");
        assertThatThrownBy(() -> decode(NUMERIC, hex("0000000012340000"))).hasMessageContaining("sign 0x1234");
    }
}
