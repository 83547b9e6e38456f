package dev.weft.pg.codec.builtin;

import static dev.weft.pg.codec.builtin.Wire.encodeParameter;
import static dev.weft.pg.codec.builtin.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.pg.codec.CodecRegistry;
import dev.weft.pg.codec.PgType;
import dev.weft.pg.codec.TypeCatalog;
import dev.weft.pg.codec.TypeCodec;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.types.PgArray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CodecRegistryTest {
    private final CodecRegistry registry = CodecRegistry.create();

    /** A user codec: a point-like type sent as text "x,y". */
    record Pair(int x, int y) {
    }

    static final class PairCodec implements TypeCodec<Pair> {
        @Override
        public Class<Pair> javaType() {
            return Pair.class;
        }

        @Override
        public boolean binary() {
            return false;
        }

        @Override
        public void encode(Pair value, WriteBuffer out) {
            out.writeUtf8(value.x() + "," + value.y());
        }

        @Override
        public Pair decode(byte[] data, int offset, int length) {
            String[] parts = new String(data, offset, length, StandardCharsets.UTF_8).split(",");
            return new Pair(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }
    }

    @Test
    void builtInTypesResolveByOidWithTheirJavaTypes() {
        assertThat(registry.forOid(16, null).javaType()).isEqualTo(Boolean.class);
        assertThat(registry.forOid(23, TypeCatalog.empty()).javaType()).isEqualTo(Integer.class);
        assertThat(registry.forOid(1700, TypeCatalog.empty()).javaType()).isEqualTo(BigDecimal.class);
        assertThat(registry.forOid(2950, TypeCatalog.empty()).javaType()).isEqualTo(UUID.class);
        assertThat(registry.forOid(1082, TypeCatalog.empty()).binary()).isTrue();
        assertThat(registry.forOid(3614, TypeCatalog.empty())).isNull(); // tsvector: text
        assertThat(registry.forOid(-5, TypeCatalog.empty())).isNull();
    }

    @Test
    void integerParametersTakeAnyJavaIntegerThatFits() {
        assertThat(hex(encodeParameter(registry, 20, 7))).isEqualTo("0000000000000007");
        assertThat(hex(encodeParameter(registry, 21, 7L))).isEqualTo("0007");
        assertThat(hex(encodeParameter(registry, 23, BigInteger.TEN))).isEqualTo("0000000a");
        assertThatThrownBy(() -> registry.forParameter(21, 70_000, TypeCatalog.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000").hasMessageContaining("int2");
        assertThatThrownBy(() -> registry.forParameter(23, 1.5, TypeCatalog.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Double")
                .hasMessageContaining("int4");
    }

    @Test
    void stringsAreNotParsedIntoOtherTypes() {
        assertThatThrownBy(() -> registry.forParameter(23, "42", TypeCatalog.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot send a java.lang.String as PostgreSQL type int4 (accepted: Byte, Short, Integer, Long, BigInteger)");
        assertThatThrownBy(() -> registry.forParameter(1082, "2024-01-01", TypeCatalog.empty()))
                .hasMessageContaining("date").hasMessageContaining("LocalDate");
    }

    @Test
    void floatParametersTakeFloatsAndIntegers() {
        assertThat(hex(encodeParameter(registry, 701, 1))).isEqualTo("3ff0000000000000");
        assertThat(hex(encodeParameter(registry, 700, 1.5))).isEqualTo("3fc00000");
        assertThatThrownBy(() -> registry.forParameter(701, BigDecimal.ONE, TypeCatalog.empty()))
                .hasMessageContaining("BigDecimal");
    }

    @Test
    void textParametersTakeStringsCharactersAndEnumNames() {
        assertThat(encodeParameter(registry, 25, Thread.State.NEW)).isEqualTo("NEW".getBytes());
        assertThat(encodeParameter(registry, 1043, 'x')).isEqualTo("x".getBytes());
        assertThatThrownBy(() -> registry.forParameter(25, 5, TypeCatalog.empty())).hasMessageContaining("text");
    }

    @Test
    void nullAndUnspecifiedParameters() {
        assertThatThrownBy(() -> registry.forParameter(23, null, TypeCatalog.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length -1");
        assertThat(hex(encodeParameter(registry, 0, 5L))).isEqualTo("0000000000000005");
        assertThat(hex(encodeParameter(registry, 0, LocalDate.of(2000, 1, 2)))).isEqualTo("00000001");
        assertThat(registry.forParameter(0, "x", TypeCatalog.empty()).binary()).isTrue();
        assertThatThrownBy(() -> registry.forParameter(0, new Object(), TypeCatalog.empty()))
                .hasMessageContaining("(unspecified)");
    }

    @Test
    void registeredCodecsWinByNameIncludingInArrays() {
        var pairType = new PgType(40_000, "pair", "app", PgType.BASE, 'U', 0, 40_001, 0, 0, 0, List.of());
        var pairArray = new PgType(40_001, "_pair", "app", PgType.BASE, 'A', 40_000, 0, 0, 0, 0, List.of());
        var catalog = TypeCatalog.of(List.of(pairType, pairArray));
        assertThat(registry.forOid(40_000, catalog)).isNull();
        registry.register("app.pair", new PairCodec());
        TypeCodec<?> codec = registry.forOid(40_000, catalog);
        assertThat(codec.javaType()).isEqualTo(Pair.class);
        assertThat(codec.binary()).isFalse();
        assertThat(codec.decode("3,4".getBytes(), 0, 3)).isEqualTo(new Pair(3, 4));
        assertThat(registry.forParameter(40_000, new Pair(1, 2), catalog).binary()).isFalse();
        assertThatThrownBy(() -> registry.forParameter(40_000, "1,2", catalog)).hasMessageContaining("Pair");
        // a text-format element cannot sit inside a binary array: the array falls back to text
        assertThat(registry.forOid(40_001, catalog)).isNull();
    }

    @Test
    void registeringABuiltInNameReplacesItAndItsArray() {
        TypeCodec<String> moneyAsText = new TypeCodec<>() {
            @Override
            public Class<String> javaType() {
                return String.class;
            }

            @Override
            public boolean binary() {
                return true;
            }

            @Override
            public void encode(String value, WriteBuffer out) {
                out.writeLong(Long.parseLong(value));
            }

            @Override
            public String decode(byte[] data, int offset, int length) {
                return Long.toString(BigEndian.getLong(data, offset)) + " cents";
            }
        };
        registry.register("money", moneyAsText);
        assertThat(registry.forOid(790, TypeCatalog.empty()).decode(new byte[8], 0, 8)).isEqualTo("0 cents");
        byte[] wire = Wire.hex("00000001" + "00000000" + "00000316" + "00000001" + "00000001" + "00000008"
                + "0000000000000005");
        PgArray array = (PgArray) registry.forOid(791, TypeCatalog.empty()).decode(wire, 0, wire.length);
        assertThat(array).containsExactly("5 cents");
        assertThat(CodecRegistry.create().forOid(790, TypeCatalog.empty()).javaType()).isEqualTo(BigDecimal.class);
        registry.register("int4", new PairCodec()); // a text-format codec
        assertThat(registry.forOid(1007, TypeCatalog.empty())).as("int4[] over a text-format int4").isNull();
        assertThatThrownBy(() -> registry.register(" ", moneyAsText)).hasMessageContaining("blank");
    }

    @Test
    void jsonTakesJacksonNodesAndConvertsBack() throws Exception {
        JsonNode node = new ObjectMapper().readTree("{\"a\":[1,2]}");
        assertThat(hex(encodeParameter(registry, 3802, node))).isEqualTo("01" + hex("{\"a\":[1,2]}".getBytes()));
        JsonNode back = registry.convert("{\"a\":[1,2]}", JsonNode.class);
        assertThat(back).isEqualTo(node);
        assertThatThrownBy(() -> registry.convert("{nope", JsonNode.class)).hasMessageContaining("not valid JSON");
    }

    @Test
    void convertWidensAndNarrowsNumbersExactly() {
        assertThat(registry.convert(5, long.class)).isEqualTo(5L);
        assertThat(registry.convert(5L, Integer.class)).isEqualTo(5);
        assertThat(registry.convert((short) 5, BigDecimal.class)).isEqualTo(BigDecimal.valueOf(5));
        assertThat(registry.convert(new BigDecimal("12.00"), int.class)).isEqualTo(12);
        assertThat(registry.convert(0.1f, BigDecimal.class)).isEqualTo(new BigDecimal("0.1"));
        assertThat(registry.convert(null, int.class)).isNull();
        assertThatThrownBy(() -> registry.convert(new BigDecimal("12.5"), Integer.class)).hasMessageContaining("exactly");
        assertThatThrownBy(() -> registry.convert(Long.MAX_VALUE, Integer.class)).hasMessageContaining("exactly");
        assertThatThrownBy(() -> registry.convert(Double.NaN, BigDecimal.class)).hasMessageContaining("NaN");
        assertThat(registry.convert(new BigDecimal("1E+3"), String.class)).isEqualTo("1000");
        assertThat(registry.convert(LocalDate.of(2024, 1, 2), String.class)).isEqualTo("2024-01-02");
        assertThatThrownBy(() -> registry.convert(new byte[0], String.class)).hasMessageContaining("[B");
        assertThatThrownBy(() -> registry.convert("x", UUID.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String").hasMessageContaining("java.util.UUID");
    }
}
