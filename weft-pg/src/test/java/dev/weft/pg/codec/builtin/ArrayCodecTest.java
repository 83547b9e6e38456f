package dev.weft.pg.codec.builtin;

import static dev.weft.pg.codec.builtin.Wire.decode;
import static dev.weft.pg.codec.builtin.Wire.encodeParameter;
import static dev.weft.pg.codec.builtin.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.pg.codec.CodecRegistry;
import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.TypeCatalog;
import dev.weft.pg.codec.TypeCodec;
import dev.weft.pg.types.PgArray;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Wire layout from arrayfuncs.c array_send: ndim, has-nulls flag, element OID, (length, lower bound) per dimension, elements. */
class ArrayCodecTest {
    private static final int INT4_ARRAY = 1007;
    private static final int TEXT_ARRAY = 1009;
    private final CodecRegistry registry = CodecRegistry.create();

    @SuppressWarnings("unchecked")
    private TypeCodec<PgArray> codec(int oid) {
        return (TypeCodec<PgArray>) registry.forOid(oid, TypeCatalog.empty());
    }

    @Test
    void oneDimensionalArrayMatchesArraySend() {
        String expected = "00000001" + "00000000" + "00000017" + "00000002" + "00000001"
                + "00000004" + "00000001" + "00000004" + "00000002";
        assertThat(hex(encodeParameter(registry, INT4_ARRAY, List.of(1, 2)))).isEqualTo(expected);
        assertThat(hex(encodeParameter(registry, INT4_ARRAY, new int[] {1, 2}))).isEqualTo(expected);
        assertThat(hex(encodeParameter(registry, INT4_ARRAY, new Integer[] {1, 2}))).isEqualTo(expected);
        PgArray decoded = decode(codec(INT4_ARRAY), hex(expected));
        assertThat(decoded).containsExactly(1, 2);
        assertThat(decoded.dimensions()).containsExactly(2);
        assertThat(decoded.lowerBounds()).containsExactly(1);
    }

    @Test
    void nullsSetTheFlagAndTravelAsMinusOne() {
        String expected = "00000001" + "00000001" + "00000019" + "00000002" + "00000001"
                + "ffffffff" + "00000001" + "78";
        assertThat(hex(encodeParameter(registry, TEXT_ARRAY, Arrays.asList(null, "x")))).isEqualTo(expected);
        assertThat(decode(codec(TEXT_ARRAY), hex(expected))).containsExactly(null, "x");
    }

    @Test
    void emptyArrayHasNoDimensions() {
        String expected = "00000000" + "00000000" + "00000017";
        assertThat(hex(encodeParameter(registry, INT4_ARRAY, List.of()))).isEqualTo(expected);
        assertThat(hex(encodeParameter(registry, INT4_ARRAY, new int[0][0]))).isEqualTo(expected);
        PgArray empty = decode(codec(INT4_ARRAY), hex(expected));
        assertThat(empty).isEmpty();
        assertThat(empty.dimensionCount()).isZero();
    }

    @Test
    void multiDimensionalArraysNestAndKeepCustomBounds() {
        PgArray a = PgArray.of(new int[] {2, 3}, new int[] {0, -1}, Arrays.asList(1, 2, 3, 4, null, 6));
        byte[] wire = encodeParameter(registry, INT4_ARRAY, a);
        assertThat(hex(wire).substring(0, 56)).isEqualTo("00000002" + "00000001" + "00000017"
                + "00000002" + "00000000" + "00000003" + "ffffffff");
        PgArray back = decode(codec(INT4_ARRAY), wire);
        assertThat(back.lowerBounds()).containsExactly(0, -1);
        assertThat(back.element(1, 0)).isNull();
        assertThat(back.element(0, 1)).isEqualTo(3);
        assertThat(back.get(1)).isEqualTo(Arrays.asList(4, null, 6));
        assertThat(back.toString()).isEqualTo("[0:1][-1:1]=[[1, 2, 3], [4, null, 6]]");
        assertThat(hex(encodeParameter(registry, INT4_ARRAY, new int[][] {{1, 2, 3}, {4, 5, 6}})))
                .isEqualTo(hex(encodeParameter(registry, INT4_ARRAY, List.of(List.of(1, 2, 3), List.of(4, 5, 6)))));
        assertThatThrownBy(() -> back.element(2, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("[0:1]");
    }

    @Test
    void raggedOrWronglyTypedInputIsRefusedClearly() {
        assertThatThrownBy(() -> encodeParameter(registry, INT4_ARRAY, List.of(List.of(1, 2), List.of(3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rectangular");
        assertThatThrownBy(() -> encodeParameter(registry, INT4_ARRAY, List.of(1, "two")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.String")
                .hasMessageContaining("int4");
        assertThatThrownBy(() -> registry.forParameter(INT4_ARRAY, 5, TypeCatalog.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("_int4");
        assertThatThrownBy(() -> PgArray.of(new int[] {1, 1, 1, 1, 1, 1, 1}, new int[7], List.of(1)))
                .hasMessageContaining("more than 6 dimensions");
    }

    @Test
    void setsAndByteaElementsWork() {
        assertThat(decode(codec(INT4_ARRAY), encodeParameter(registry, INT4_ARRAY, Set.of(7)))).containsExactly(7);
        byte[][] blobs = {{1, 2}, {}};
        PgArray back = decode(codec(1001), encodeParameter(registry, 1001, blobs));
        assertThat(back).hasSize(2);
        assertThat((byte[]) back.get(0)).containsExactly(1, 2);
    }

    @Test
    void convertsToJavaArrays() {
        PgArray a = PgArray.of(List.of(1, 2, 3));
        assertThat(registry.convert(a, int[].class)).containsExactly(1, 2, 3);
        assertThat(registry.convert(a, long[].class)).containsExactly(1L, 2L, 3L);
        assertThat(registry.convert(PgArray.of(List.of(List.of(1), List.of(2))), int[][].class))
                .isDeepEqualTo(new int[][] {{1}, {2}});
        assertThatThrownBy(() -> registry.convert(PgArray.of(Arrays.asList(1, null)), int[].class))
                .hasMessageContaining("NULL");
        assertThat(registry.convert(a, List.class)).isSameAs(a);
    }

    @Test
    void malformedArraysAreDecodeErrors() {
        var codec = codec(INT4_ARRAY);
        assertThatThrownBy(() -> decode(codec, hex("00000007" + "00000000" + "00000017"))).isInstanceOf(PgDecodeException.class)
                .hasMessageContaining("dimension count 7");
        // a huge claimed length must not allocate: 2^30 elements cannot fit in 8 bytes
        assertThatThrownBy(() -> decode(codec, hex("00000001" + "00000000" + "00000017" + "40000000" + "00000001"
                + "0000000400000001"))).isInstanceOf(PgDecodeException.class).hasMessageContaining("cannot fit");
        assertThatThrownBy(() -> decode(codec, hex("00000001" + "00000000" + "00000017" + "00000001" + "00000001"
                + "0000000900000001"))).isInstanceOf(PgDecodeException.class).hasMessageContaining("length 9");
    }
}
