package dev.weft.pg.connection;

import dev.weft.pg.codec.PgType;

import java.util.Map;
import java.util.Optional;

/**
 * What the views of one session share above the socket: the prepared-statement cache and the
 * {@code pg_type} rows looked up so far. Thread-safe (each part is).
 */
record SessionCaches(StatementCache statements, Map<Integer, Optional<PgType>> typesByOid, Map<String, Optional<PgType>> typesByName) {
    SessionCaches(int statementCacheSize) {
        this(new StatementCache(statementCacheSize), Catalog.newOidCache(), Catalog.newNameCache());
    }
}
