package dev.weft.pg.codec.builtin;

import static dev.weft.pg.codec.builtin.Wire.decode;
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
import dev.weft.pg.types.PgComposite;
import dev.weft.pg.types.PgRange;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Types found through the catalog: enums, domains, composites, user ranges, anonymous records, hstore, citext. */
class CatalogTypesTest {
    static final PgType MOOD = new PgType(20_001, "mood", "public", PgType.ENUM, 'E', 0, 20_002, 0, 0, 0, List.of());
    static final PgType MOOD_ARRAY = new PgType(20_002, "_mood", "public", PgType.BASE, 'A', 20_001, 0, 0, 0, 0, List.of());
    static final PgType POSITIVE = new PgType(20_003, "positive", "public", PgType.DOMAIN, 'N', 0, 0, 0, 23, 0, List.of());
    static final PgType PAIR = new PgType(20_004, "pair", "public", PgType.COMPOSITE, 'C', 0, 20_005, 30_000, 0, 0,
            List.of(new PgType.Attribute("first_name", 25), new PgType.Attribute("age", 23),
                    new PgType.Attribute("tags", 1009)));
    static final PgType PAIR_ARRAY = new PgType(20_005, "_pair", "public", PgType.BASE, 'A', 20_004, 0, 0, 0, 0, List.of());
    static final PgType FLOATRANGE = new PgType(20_006, "floatrange", "public", PgType.RANGE, 'R', 0, 0, 0, 0, 701, List.of());
    static final PgType FLOATMULTI = new PgType(20_007, "floatmultirange", "public", PgType.MULTIRANGE, 'R', 0, 0, 0, 0, 701,
            List.of());
    static final PgType HSTORE = new PgType(20_008, "hstore", "public", PgType.BASE, 'U', 0, 20_009, 0, 0, 0, List.of());
    static final PgType HSTORE_ARRAY = new PgType(20_009, "_hstore", "public", PgType.BASE, 'A', 20_008, 0, 0, 0, 0, List.of());
    static final PgType CITEXT = new PgType(20_010, "citext", "public", PgType.BASE, 'S', 0, 0, 0, 0, 0, List.of());
    static final PgType TSVECTOR_LIKE = new PgType(20_011, "mystery", "public", PgType.BASE, 'U', 0, 20_012, 0, 0, 0, List.of());
    static final PgType MYSTERY_ARRAY = new PgType(20_012, "_mystery", "public", PgType.BASE, 'A', 20_011, 0, 0, 0, 0, List.of());
    static final TypeCatalog CATALOG = TypeCatalog.of(List.of(MOOD, MOOD_ARRAY, POSITIVE, PAIR, PAIR_ARRAY, FLOATRANGE,
            FLOATMULTI, HSTORE, HSTORE_ARRAY, CITEXT, TSVECTOR_LIKE, MYSTERY_ARRAY));

    private final CodecRegistry registry = CodecRegistry.create();

    enum Mood { sad, ok, happy }

    public record Pair(String firstName, int age, List<String> tags) {
    }

    @SuppressWarnings("unchecked")
    private <T> TypeCodec<T> codec(PgType type) {
        return (TypeCodec<T>) registry.forOid(type.oid(), CATALOG);
    }

    private byte[] bind(PgType type, Object value) {
        TypeCodec<Object> codec = registry.forParameter(type.oid(), value, CATALOG);
        var out = new WriteBuffer(16);
        codec.encode(value, out);
        return out.toByteArray();
    }

    @Test
    void enumsAreLabelsAndConvertToJavaEnums() {
        assertThat(hex(bind(MOOD, Mood.happy))).isEqualTo(hex("happy".getBytes()));
        assertThat(hex(bind(MOOD, "ok"))).isEqualTo(hex("ok".getBytes()));
        String label = this.<String>codec(MOOD).decode("sad".getBytes(), 0, 3);
        assertThat(registry.convert(label, Mood.class)).isEqualTo(Mood.sad);
        assertThatThrownBy(() -> registry.convert("angry", Mood.class)).hasMessageContaining("angry")
                .hasMessageContaining("Mood");
        PgArray moods = decode(codec(MOOD_ARRAY), bind(MOOD_ARRAY, List.of(Mood.ok, Mood.sad)));
        assertThat(registry.convert(moods, Mood[].class)).containsExactly(Mood.ok, Mood.sad);
    }

    @Test
    void domainsUseTheirBaseType() {
        assertThat(hex(bind(POSITIVE, 5L))).isEqualTo("00000005");
        assertThat(codec(POSITIVE).javaType()).isEqualTo(Integer.class);
    }

    @Test
    void compositesRoundTripFromRecordsMapsListsAndPgComposite() {
        var record = new Pair("ann", 41, List.of("a", "b"));
        byte[] fromRecord = bind(PAIR, record);
        // field count, then (oid, length, bytes) per field
        assertThat(hex(fromRecord)).startsWith("00000003" + "00000019" + "00000003" + "616e6e" + "00000017" + "00000004"
                + "00000029" + "000003f1");
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("age", 41);
        map.put("tags", List.of("a", "b"));
        map.put("first_name", "ann");
        assertThat(bind(PAIR, map)).isEqualTo(fromRecord);
        assertThat(bind(PAIR, List.of("ann", 41, List.of("a", "b")))).isEqualTo(fromRecord);
        PgComposite back = decode(codec(PAIR), fromRecord);
        assertThat(back.names()).containsExactly("first_name", "age", "tags");
        assertThat(back.get("first_name")).isEqualTo("ann");
        assertThat(bind(PAIR, back)).isEqualTo(fromRecord);
        assertThat(registry.convert(back, Pair.class)).isEqualTo(record);
    }

    @Test
    void compositeNullsAndMistakesAreHandled() {
        PgComposite withNulls = decode(codec(PAIR), bind(PAIR, Arrays.asList(null, 7, null)));
        assertThat(withNulls.values()).containsExactly(null, 7, null);
        assertThat(withNulls.toString()).isEqualTo("(,7,)");
        assertThatThrownBy(() -> bind(PAIR, Map.of("nickname", "x"))).hasMessageContaining("no attribute nickname");
        assertThatThrownBy(() -> bind(PAIR, List.of("too few"))).hasMessageContaining("3 attributes");
        var nullAge = new PgComposite("pair", List.of("first_name", "age", "tags"), Arrays.asList("x", null, null));
        assertThatThrownBy(() -> registry.convert(nullAge, Pair.class)).hasMessageContaining("age");
        assertThat(registry.convert(nullAge, Map.class)).containsEntry("first_name", "x").containsEntry("age", null);
    }

    @Test
    void arraysOfCompositesTakeListsAsElements() {
        var pairs = List.of(new Pair("a", 1, List.of()), new Pair("b", 2, List.of("x")));
        PgArray back = decode(codec(PAIR_ARRAY), bind(PAIR_ARRAY, pairs));
        assertThat(back).hasSize(2);
        assertThat(registry.convert(back.get(1), Pair.class)).isEqualTo(pairs.get(1));
        assertThat(back.dimensionCount()).isEqualTo(1);
    }

    @Test
    void rangesEncodeFlagsAndBounds() {
        // flags: 0x02 lower inclusive; then each bound length-prefixed
        assertThat(hex(encodeParameter(registry, 3904, PgRange.closedOpen(1, 10))))
                .isEqualTo("02" + "00000004" + "00000001" + "00000004" + "0000000a");
        assertThat(hex(encodeParameter(registry, 3904, PgRange.empty()))).isEqualTo("01");
        assertThat(hex(encodeParameter(registry, 3904, PgRange.of(null, 5, false, true))))
                .isEqualTo("0c" + "00000004" + "00000005");
        TypeCodec<?> int8range = registry.forOid(3926, TypeCatalog.empty());
        assertThat(decode(int8range, hex("12" + "00000008" + "0000000000000003")))
                .isEqualTo(PgRange.of(3L, null, true, false));
        assertThat(PgRange.of(3L, null, true, false).toString()).isEqualTo("[3,)");
        assertThatThrownBy(() -> new PgRange<>(null, 1, true, false, false)).hasMessageContaining("unbounded");
    }

    @Test
    void userRangesAndMultirangesUseTheSubtypeCodec() {
        PgRange<Double> r = PgRange.closed(0.5, 1.5);
        assertThat((Object) decode(codec(FLOATRANGE), bind(FLOATRANGE, r))).isEqualTo(r);
        List<PgRange<Double>> multi = List.of(PgRange.closedOpen(0.0, 1.0), PgRange.of(2.0, null, false, false));
        byte[] wire = bind(FLOATMULTI, multi);
        assertThat(hex(wire)).startsWith("00000002" + "00000019" + "02");
        assertThat((Object) decode(codec(FLOATMULTI), wire)).isEqualTo(multi);
        assertThat(decode(registry.forOid(4451, TypeCatalog.empty()), hex("00000000"))).isEqualTo(List.of());
        assertThatThrownBy(() -> bind(FLOATMULTI, List.of(1.0))).hasMessageContaining("PgRange");
    }

    @Test
    void anonymousRecordsLookUpEachFieldByOid() {
        String wire = "00000002" + "00000017" + "00000004" + "0000002a" + "00000019" + "ffffffff";
        PgComposite row = (PgComposite) decode(registry.forOid(2249, CATALOG), hex(wire));
        assertThat(row.names()).containsExactly("f1", "f2");
        assertThat(row.values()).containsExactly(42, null);
        assertThatThrownBy(() -> decode(registry.forOid(2249, CATALOG),
                hex("00000001" + "00004e2b" + "00000001" + "00"))).hasMessageContaining("cast that field to text");
        assertThatThrownBy(() -> registry.forParameter(2249, row, CATALOG)).hasMessageContaining("named composite");
    }

    @Test
    void hstoreIsFoundByNameAndKeepsNullValues() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("a", "1");
        map.put("b", null);
        byte[] wire = bind(HSTORE, map);
        assertThat(hex(wire)).isEqualTo("00000002" + "00000001" + "61" + "00000001" + "31" + "00000001" + "62" + "ffffffff");
        assertThat((Object) decode(codec(HSTORE), wire)).isEqualTo(map);
        PgArray maps = decode(codec(HSTORE_ARRAY), bind(HSTORE_ARRAY, List.of(map, Map.of())));
        assertThat(maps).containsExactly(map, Map.of());
        assertThatThrownBy(() -> bind(HSTORE, Map.of("a", 1))).hasMessageContaining("String or null values");
    }

    @Test
    void citextIsTextAndUnknownTypesAreLeftToTheTextFormat() {
        assertThat(codec(CITEXT).javaType()).isEqualTo(String.class);
        assertThat(registry.forOid(TSVECTOR_LIKE.oid(), CATALOG)).isNull();
        assertThat(registry.forOid(MYSTERY_ARRAY.oid(), CATALOG)).isNull();
        assertThat(registry.forOid(99_999, CATALOG)).isNull();
        TypeCodec<Object> text = registry.forParameter(TSVECTOR_LIKE.oid(), "'a' & 'b'", CATALOG);
        assertThat(text.binary()).isFalse();
        assertThatThrownBy(() -> registry.forParameter(TSVECTOR_LIKE.oid(), 5, CATALOG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mystery")
                .hasMessageContaining("java.lang.Integer");
    }
}
