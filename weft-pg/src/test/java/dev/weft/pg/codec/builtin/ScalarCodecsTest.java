package dev.weft.pg.codec.builtin;

import static dev.weft.pg.codec.builtin.Wire.decode;
import static dev.weft.pg.codec.builtin.Wire.encode;
import static dev.weft.pg.codec.builtin.Wire.hex;
import static dev.weft.pg.codec.builtin.Wire.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.pg.codec.PgDecodeException;

import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ScalarCodecsTest {

    @Test
    void boolIsOneByte() {
        assertThat(hex(encode(NumberCodecs.BOOL, true))).isEqualTo("01");
        assertThat(hex(encode(NumberCodecs.BOOL, false))).isEqualTo("00");
        assertThat(decode(NumberCodecs.BOOL, hex("01"))).isTrue();
        assertThat(decode(NumberCodecs.BOOL, hex("00"))).isFalse();
    }

    @Test
    void integersAreBigEndianAtTheirEdges() {
        assertThat(hex(encode(NumberCodecs.INT2, Short.MIN_VALUE))).isEqualTo("8000");
        assertThat(hex(encode(NumberCodecs.INT4, 1))).isEqualTo("00000001");
        assertThat(hex(encode(NumberCodecs.INT8, -2L))).isEqualTo("fffffffffffffffe");
        for (short s : new short[] {Short.MIN_VALUE, -1, 0, 1, Short.MAX_VALUE}) {
            assertThat(roundTrip(NumberCodecs.INT2, s)).isEqualTo(s);
        }
        for (int i : new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE}) {
            assertThat(roundTrip(NumberCodecs.INT4, i)).isEqualTo(i);
        }
        for (long l : new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE}) {
            assertThat(roundTrip(NumberCodecs.INT8, l)).isEqualTo(l);
        }
    }

    @Test
    void oidIsUnsigned() {
        assertThat(decode(NumberCodecs.OID, hex("ffffffff"))).isEqualTo(4_294_967_295L);
        assertThat(hex(encode(NumberCodecs.OID, 4_294_967_295L))).isEqualTo("ffffffff");
        assertThatThrownBy(() -> NumberCodecs.OID.coerceOrThrow(-1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }

    @Test
    void floatsKeepNanInfinitiesAndNegativeZero() {
        assertThat(hex(encode(NumberCodecs.FLOAT8, 1.0))).isEqualTo("3ff0000000000000");
        assertThat(hex(encode(NumberCodecs.FLOAT4, -0.0f))).isEqualTo("80000000");
        for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
                Double.MIN_VALUE, Double.MAX_VALUE}) {
            assertThat(Double.doubleToRawLongBits(roundTrip(NumberCodecs.FLOAT8, d)))
                    .isEqualTo(Double.doubleToRawLongBits(d));
        }
        for (float f : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE}) {
            assertThat(Float.floatToRawIntBits(roundTrip(NumberCodecs.FLOAT4, f))).isEqualTo(Float.floatToRawIntBits(f));
        }
    }

    @Test
    void moneyIsCentsWithTwoFractionDigits() {
        assertThat(hex(encode(NumberCodecs.MONEY, new BigDecimal("-12.34")))).isEqualTo("fffffffffffffb2e");
        assertThat(decode(NumberCodecs.MONEY, hex("00000000000004d2"))).isEqualTo(new BigDecimal("12.34"));
        assertThat(NumberCodecs.MONEY.coerceOrThrow(new BigDecimal("1.500"))).isEqualByComparingTo("1.5");
        assertThatThrownBy(() -> NumberCodecs.MONEY.coerceOrThrow(new BigDecimal("1.005")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 fraction digits");
    }

    @Test
    void textTypesAreUtf8() {
        String s = "zürich ✓ 𝄞";
        assertThat(encode(TextCodecs.TEXT, s)).isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(roundTrip(TextCodecs.VARCHAR, s)).isEqualTo(s);
        assertThat(roundTrip(TextCodecs.BPCHAR, "ab  ")).isEqualTo("ab  ");
        assertThat(roundTrip(TextCodecs.NAME, "")).isEmpty();
    }

    @Test
    void jsonbCarriesVersionByteAndJsonDoesNot() {
        assertThat(hex(encode(TextCodecs.JSONB, "{}"))).isEqualTo("017b7d");
        assertThat(hex(encode(TextCodecs.JSON, "{}"))).isEqualTo("7b7d");
        assertThat(decode(TextCodecs.JSONB, hex("015b315d"))).isEqualTo("[1]");
        assertThatThrownBy(() -> decode(TextCodecs.JSONB, hex("025b315d")))
                .isInstanceOf(PgDecodeException.class).hasMessageContaining("jsonb version 2");
    }

    @Test
    void byteaCopiesExactlyTheSlice() {
        byte[] value = {0, 1, (byte) 0xFF, 0x7E};
        assertThat(roundTrip(TextCodecs.BYTEA, value)).containsExactly(value);
        assertThat(roundTrip(TextCodecs.BYTEA, new byte[0])).isEmpty();
    }

    @Test
    void uuidIsSixteenBytesInTextOrder() {
        UUID id = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(hex(encode(TextCodecs.UUID_CODEC, id))).isEqualTo("a0eebc999c0b4ef8bb6d6bb9bd380a11");
        assertThat(roundTrip(TextCodecs.UUID_CODEC, id)).isEqualTo(id);
    }

    @Test
    void wrongLengthsAreDecodeErrorsNamingTheType() {
        assertThatThrownBy(() -> decode(NumberCodecs.INT4, hex("000001")))
                .isInstanceOf(PgDecodeException.class)
                .hasMessageContaining("int4").hasMessageContaining("expected 4 bytes, got 3")
                .extracting(e -> ((PgDecodeException) e).sqlState()).isEqualTo("22P03");
        assertThatThrownBy(() -> decode(TextCodecs.UUID_CODEC, new byte[15])).isInstanceOf(PgDecodeException.class);
    }
}
