package dev.weft.pg.codec;

import java.util.Optional;

/**
 * Looks up rows of the server's {@code pg_type} catalog, so that codecs can be found for types whose OIDs
 * differ from one database to the next (enums, composites, domains, extension types such as
 * {@code hstore} and {@code citext}, their arrays and ranges). The connection implements it by querying
 * the catalog on demand (see {@link PgType#QUERY_BY_OID}) and caching the rows. Implementations must be
 * thread-safe.
 *
 * {@snippet :
 * TypeCatalog catalog = TypeCatalog.of(List.of(moodType));   // e.g. in tests
 * TypeCodec<?> codec = CodecRegistry.create().forOid(moodType.oid(), catalog);
 * }
 */
public interface TypeCatalog {

    /** The type with this OID, or empty when the catalog has none. */
    Optional<PgType> byOid(int oid);

    /** The type with this name ({@code name} or {@code schema.name}), or empty when there is none. */
    Optional<PgType> byName(String name);

    /** A catalog with no types: only built-in types resolve against it. */
    static TypeCatalog empty() {
        return FixedCatalog.EMPTY;
    }

    /** An immutable catalog holding exactly the given rows; for tests and for callers that know their types. */
    static TypeCatalog of(Iterable<PgType> types) {
        return new FixedCatalog(types);
    }
}
