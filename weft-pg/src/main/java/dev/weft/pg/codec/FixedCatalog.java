package dev.weft.pg.codec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable {@link TypeCatalog} over a known list of types. */
final class FixedCatalog implements TypeCatalog {
    static final FixedCatalog EMPTY = new FixedCatalog(List.of());

    private final Map<Integer, PgType> byOid = new HashMap<>();
    private final Map<String, PgType> byName = new HashMap<>();

    FixedCatalog(Iterable<PgType> types) {
        for (PgType type : types) {
            byOid.put(type.oid(), type);
            byName.putIfAbsent(type.name(), type);
            byName.put(type.namespace() + "." + type.name(), type);
        }
    }

    @Override
    public Optional<PgType> byOid(int oid) {
        return Optional.ofNullable(byOid.get(oid));
    }

    @Override
    public Optional<PgType> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
