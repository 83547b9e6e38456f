package dev.weft.pg.codec;

import java.util.List;
import java.util.Objects;

/**
 * One row of the server's {@code pg_type} catalog, with what codecs need to know about it: the type's
 * kind, its array and element types, the base type of a domain, the subtype of a range or multirange and
 * the attributes of a composite. Immutable and thread-safe.
 *
 * {@snippet :
 * var mood = new PgType(16_500, "mood", "public", PgType.ENUM, 'E', 0, 16_499, 0, 0, 0, List.of());
 * var point = new PgType(16_600, "pair", "public", PgType.COMPOSITE, 'C', 0, 16_599, 16_598, 0, 0,
 *         List.of(new PgType.Attribute("a", 23), new PgType.Attribute("b", 25)));
 * }
 *
 * @param oid the type's OID
 * @param name {@code typname}, e.g. {@code int4}, {@code _int4}, {@code hstore}
 * @param namespace the schema the type lives in, e.g. {@code pg_catalog}
 * @param typtype {@code b} base, {@code c} composite, {@code d} domain, {@code e} enum, {@code p} pseudo,
 *        {@code r} range, {@code m} multirange
 * @param typcategory {@code typcategory}, e.g. {@code A} for arrays, {@code S} for strings
 * @param elementOid {@code typelem}: the element type of an array, 0 otherwise
 * @param arrayOid {@code typarray}: the array type of this type, 0 when it has none
 * @param relid {@code typrelid}: the {@code pg_class} row of a composite, 0 otherwise
 * @param baseTypeOid {@code typbasetype}: the type a domain is based on, 0 otherwise
 * @param rangeSubtype the subtype of a range ({@code pg_range.rngsubtype}), and of a multirange's range
 *        type; 0 otherwise
 * @param attributes a composite's live attributes in order (dropped ones left out); empty otherwise
 */
public record PgType(int oid, String name, String namespace, char typtype, char typcategory, int elementOid,
                     int arrayOid, int relid, int baseTypeOid, int rangeSubtype, List<Attribute> attributes) {

    /** {@code typtype} of a base type. */
    public static final char BASE = 'b';
    /** {@code typtype} of a composite (row) type. */
    public static final char COMPOSITE = 'c';
    /** {@code typtype} of a domain. */
    public static final char DOMAIN = 'd';
    /** {@code typtype} of an enum. */
    public static final char ENUM = 'e';
    /** {@code typtype} of a pseudo-type such as {@code record}. */
    public static final char PSEUDO = 'p';
    /** {@code typtype} of a range. */
    public static final char RANGE = 'r';
    /** {@code typtype} of a multirange (PostgreSQL 14 and later). */
    public static final char MULTIRANGE = 'm';
    /** {@code typcategory} of array types. */
    public static final char ARRAY_CATEGORY = 'A';

    private static final String SELECT = """
            SELECT t.oid, t.typname::text, n.nspname::text, t.typtype::text, t.typcategory::text, t.typelem,
                   t.typarray, t.typrelid, t.typbasetype, COALESCE(r.rngsubtype, m.rngsubtype, 0::oid),
                   ARRAY(SELECT a.attname::text FROM pg_attribute a
                         WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum),
                   ARRAY(SELECT a.atttypid FROM pg_attribute a
                         WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)
            FROM pg_type t
            JOIN pg_namespace n ON n.oid = t.typnamespace
            LEFT JOIN pg_range r ON r.rngtypid = t.oid
            LEFT JOIN pg_range m ON m.rngmultitypid = t.oid
            """;

    /**
     * The query a {@link TypeCatalog} runs to fetch one type by OID ({@code $1}, an {@code oid}): one row or
     * none, whose twelve columns are the record's components in order ({@code oid} columns for the OIDs,
     * {@code text} for names and kinds, {@code text[]} attribute names and {@code oid[]} attribute types
     * last). Needs PostgreSQL 14 or later ({@code pg_range.rngmultitypid}).
     */
    public static final String QUERY_BY_OID = SELECT + "WHERE t.oid = $1";

    /**
     * The query a {@link TypeCatalog} runs to fetch one type by name ({@code $1}, a {@code text} such as
     * {@code hstore} or {@code public.mood}, resolved through the search path); same columns as
     * {@link #QUERY_BY_OID}.
     */
    public static final String QUERY_BY_NAME = SELECT + "WHERE t.oid = to_regtype($1)";

    /** Validates the row and copies the attribute list. */
    public PgType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty type name for oid " + oid);
        }
        if ("bcdeprm".indexOf(typtype) < 0) {
            throw new IllegalArgumentException("unknown typtype '" + typtype + "' for type " + name);
        }
        attributes = List.copyOf(attributes);
    }

    /** Whether this is an array type (category {@code A} with an element type). */
    public boolean isArray() {
        return typcategory == ARRAY_CATEGORY && elementOid != 0;
    }

    /**
     * One attribute (column) of a composite type: its name and type OID. Immutable.
     *
     * @param name the attribute name
     * @param typeOid the attribute's type OID
     */
    public record Attribute(String name, int typeOid) {
        /** Checks the name is present. */
        public Attribute {
            Objects.requireNonNull(name, "attribute name");
        }
    }
}
