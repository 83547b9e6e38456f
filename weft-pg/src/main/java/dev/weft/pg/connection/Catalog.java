package dev.weft.pg.connection;

import dev.weft.pg.Row;
import dev.weft.pg.codec.PgType;
import dev.weft.pg.codec.TypeCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connection's view of {@code pg_type}: rows are fetched on first use through the connection (with
 * the caller's transaction token, so lookups work inside a transaction) and cached for the session.
 * Thread-safe.
 */
final class Catalog implements TypeCatalog {
    private final Map<Integer, Optional<PgType>> byOid;
    private final Map<String, Optional<PgType>> byName;
    private final RealPgConnection connection;

    Catalog(Map<Integer, Optional<PgType>> byOid, Map<String, Optional<PgType>> byName, RealPgConnection connection) {
        this.byOid = byOid;
        this.byName = byName;
        this.connection = connection;
    }

    /** The caches one session shares between its views. */
    static Map<Integer, Optional<PgType>> newOidCache() {
        return new ConcurrentHashMap<>();
    }

    static Map<String, Optional<PgType>> newNameCache() {
        return new ConcurrentHashMap<>();
    }

    @Override
    public Optional<PgType> byOid(int oid) {
        Optional<PgType> cached = byOid.get(oid);
        if (cached != null) {
            return cached;
        }
        Optional<PgType> type = fetch(PgType.QUERY_BY_OID, Integer.toUnsignedLong(oid));
        byOid.put(oid, type);
        return type;
    }

    @Override
    public Optional<PgType> byName(String name) {
        Optional<PgType> cached = byName.get(name);
        if (cached != null) {
            return cached;
        }
        Optional<PgType> type = fetch(PgType.QUERY_BY_NAME, name);
        byName.put(name, type);
        type.ifPresent(t -> byOid.put(t.oid(), type));
        return type;
    }

    private Optional<PgType> fetch(String sql, Object key) {
        Row row = connection.queryOne(sql, key);
        if (row == null) {
            return Optional.empty();
        }
        List<?> names = row.get(10, List.class);
        List<?> types = row.get(11, List.class);
        var attributes = new ArrayList<PgType.Attribute>();
        for (int i = 0; i < names.size(); i++) {
            attributes.add(new PgType.Attribute((String) names.get(i), oid(types.get(i))));
        }
        return Optional.of(new PgType(oid(row.get(0)), row.getString(1), row.getString(2), row.getString(3).charAt(0),
                row.getString(4).charAt(0), oid(row.get(5)), oid(row.get(6)), oid(row.get(7)), oid(row.get(8)),
                oid(row.get(9)), attributes));
    }

    private static int oid(Object value) {
        return ((Number) value).intValue();
    }
}
