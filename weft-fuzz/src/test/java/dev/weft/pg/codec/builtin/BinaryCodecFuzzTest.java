package dev.weft.pg.codec.builtin;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.pg.codec.CodecRegistry;
import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.PgType;
import dev.weft.pg.codec.TypeCatalog;
import dev.weft.pg.codec.TypeCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * Every binary decoder Weft ships, built-in types and the catalog-driven ones (arrays of any element,
 * composites, anonymous records, ranges and multiranges, enums, domains, hstore), fed bytes a server
 * could send in a DataRow column: any input ends in a value or {@link PgDecodeException}, never an
 * index, allocation or arithmetic error.
 */
class BinaryCodecFuzzTest {
    private static final List<PgType> USER_TYPES = List.of(
            new PgType(20_001, "mood", "public", PgType.ENUM, 'E', 0, 20_002, 0, 0, 0, List.of()),
            new PgType(20_002, "_mood", "public", PgType.BASE, 'A', 20_001, 0, 0, 0, 0, List.of()),
            new PgType(20_003, "positive", "public", PgType.DOMAIN, 'N', 0, 0, 0, 23, 0, List.of()),
            new PgType(20_004, "pair", "public", PgType.COMPOSITE, 'C', 0, 20_005, 30_000, 0, 0,
                    List.of(new PgType.Attribute("name", 25), new PgType.Attribute("age", 23),
                            new PgType.Attribute("tags", 1009))),
            new PgType(20_005, "_pair", "public", PgType.BASE, 'A', 20_004, 0, 0, 0, 0, List.of()),
            new PgType(20_006, "floatrange", "public", PgType.RANGE, 'R', 0, 0, 0, 0, 701, List.of()),
            new PgType(20_007, "floatmultirange", "public", PgType.MULTIRANGE, 'R', 0, 0, 0, 0, 701, List.of()),
            new PgType(20_008, "hstore", "public", PgType.BASE, 'U', 0, 20_009, 0, 0, 0, List.of()),
            new PgType(20_009, "_hstore", "public", PgType.BASE, 'A', 20_008, 0, 0, 0, 0, List.of()));
    private static final int ANONYMOUS_RECORD = 2249;
    private static final List<TypeCodec<?>> DECODERS = decoders();

    @FuzzTest
    void decode(FuzzedDataProvider fuzz) {
        TypeCodec<?> codec = DECODERS.get(fuzz.consumeInt(0, DECODERS.size() - 1));
        int offset = fuzz.consumeInt(0, 3);
        byte[] column = fuzz.consumeRemainingAsBytes();
        offset = Math.min(offset, column.length);
        try {
            codec.decode(column, offset, column.length - offset);
        } catch (PgDecodeException refused) {
            // malformed value, reported with SQLSTATE 22P03 or 22003
        }
    }

    private static List<TypeCodec<?>> decoders() {
        List<TypeCodec<?>> all = new ArrayList<>();
        for (int oid : Builtins.oids()) {
            all.add(Builtins.byOid(oid));
        }
        var registry = CodecRegistry.create();
        TypeCatalog catalog = TypeCatalog.of(USER_TYPES);
        for (PgType type : USER_TYPES) {
            all.add(registry.forOid(type.oid(), catalog));
        }
        all.add(registry.forOid(ANONYMOUS_RECORD, catalog));
        return List.copyOf(all);
    }
}
