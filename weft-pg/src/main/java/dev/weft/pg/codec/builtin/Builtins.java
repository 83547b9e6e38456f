package dev.weft.pg.codec.builtin;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The codecs of PostgreSQL's built-in types, indexed by their fixed OIDs (below 16384, the first OID a
 * database assigns to its own objects), built once per JVM.
 */
final class Builtins {
    /** Every built-in OID with a codec is below this. */
    private static final int TABLE_SIZE = 8192;
    private static final Codec<?>[] BY_OID = new Codec<?>[TABLE_SIZE];
    private static final Map<String, Integer> OID_BY_NAME = new HashMap<>();

    static {
        withArray(16, 1000, NumberCodecs.BOOL);
        withArray(17, 1001, TextCodecs.BYTEA);
        withArray(19, 1003, TextCodecs.NAME);
        withArray(20, 1016, NumberCodecs.INT8);
        withArray(21, 1005, NumberCodecs.INT2);
        withArray(23, 1007, NumberCodecs.INT4);
        withArray(25, 1009, TextCodecs.TEXT);
        withArray(26, 1028, NumberCodecs.OID);
        withArray(114, 199, TextCodecs.JSON);
        withArray(142, 143, TextCodecs.XML);
        withArray(700, 1021, NumberCodecs.FLOAT4);
        withArray(701, 1022, NumberCodecs.FLOAT8);
        withArray(705, 0, TextCodecs.UNKNOWN);
        withArray(790, 791, NumberCodecs.MONEY);
        withArray(1042, 1014, TextCodecs.BPCHAR);
        withArray(1043, 1015, TextCodecs.VARCHAR);
        withArray(2950, 2951, TextCodecs.UUID_CODEC);
        withArray(3802, 3807, TextCodecs.JSONB);
        withArray(1700, 1231, NumericCodec.INSTANCE);
        withArray(1082, 1182, TimeCodecs.DATE);
        withArray(1083, 1183, TimeCodecs.TIME);
        withArray(1266, 1270, TimeCodecs.TIMETZ);
        withArray(1114, 1115, TimeCodecs.TIMESTAMP);
        withArray(1184, 1185, TimeCodecs.TIMESTAMPTZ);
        withArray(1186, 1187, TimeCodecs.INTERVAL);
        withArray(869, 1041, NetworkCodecs.INET);
        withArray(650, 651, NetworkCodecs.CIDR);
        withArray(829, 1040, NetworkCodecs.MACADDR);
        withArray(774, 775, NetworkCodecs.MACADDR8);
        withArray(1560, 1561, BitsCodec.BIT);
        withArray(1562, 1563, BitsCodec.VARBIT);
        withArray(600, 1017, GeometryCodecs.POINT);
        withArray(601, 1018, GeometryCodecs.LSEG);
        withArray(602, 1019, GeometryCodecs.PATH);
        withArray(603, 1020, GeometryCodecs.BOX);
        withArray(604, 1027, GeometryCodecs.POLYGON);
        withArray(628, 629, GeometryCodecs.LINE);
        withArray(718, 719, GeometryCodecs.CIRCLE);
        range(3904, 3905, "int4range", 4451, 6150, "int4multirange", NumberCodecs.INT4);
        range(3926, 3927, "int8range", 4536, 6157, "int8multirange", NumberCodecs.INT8);
        range(3906, 3907, "numrange", 4532, 6151, "nummultirange", NumericCodec.INSTANCE);
        range(3908, 3909, "tsrange", 4533, 6152, "tsmultirange", TimeCodecs.TIMESTAMP);
        range(3910, 3911, "tstzrange", 4534, 6153, "tstzmultirange", TimeCodecs.TIMESTAMPTZ);
        range(3912, 3913, "daterange", 4535, 6155, "datemultirange", TimeCodecs.DATE);
    }

    private Builtins() {
    }

    /** The built-in codec for {@code oid}, or null. */
    static Codec<?> byOid(int oid) {
        return oid >= 0 && oid < TABLE_SIZE ? BY_OID[oid] : null;
    }

    /** Every OID with a built-in codec, ascending. */
    static int[] oids() {
        return IntStream.range(0, TABLE_SIZE).filter(oid -> BY_OID[oid] != null).toArray();
    }

    /** The OID of the built-in type with a codec named {@code name} (e.g. {@code int4}, {@code _int4}), or -1. */
    static int oidOf(String name) {
        String plain = name.startsWith("pg_catalog.") ? name.substring("pg_catalog.".length()) : name;
        return OID_BY_NAME.getOrDefault(plain, -1);
    }

    private static void withArray(int oid, int arrayOid, Codec<?> codec) {
        put(oid, codec);
        if (arrayOid != 0) {
            put(arrayOid, ArrayCodec.of(codec, oid));
        }
    }

    private static void range(int oid, int arrayOid, String name, int multiOid, int multiArrayOid, String multiName,
                              Codec<?> subtype) {
        RangeCodec range = RangeCodec.of(name, subtype);
        withArray(oid, arrayOid, range);
        withArray(multiOid, multiArrayOid, range.multi(multiName));
    }

    private static void put(int oid, Codec<?> codec) {
        if (BY_OID[oid] != null) {
            throw new IllegalStateException("two built-in codecs for oid " + oid);
        }
        BY_OID[oid] = codec;
        OID_BY_NAME.put(codec.typeName(), oid);
    }
}
