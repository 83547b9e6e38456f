package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.CodecRegistry;
import dev.weft.pg.codec.PgType;
import dev.weft.pg.codec.TypeCatalog;
import dev.weft.pg.codec.TypeCodec;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link CodecRegistry}: built-in codecs from a table indexed by OID, then user registrations by name,
 * then codecs built from {@link PgType} rows (domains, enums, arrays, composites, ranges, extension types).
 * Public only so that {@link CodecRegistry#create()} can make one: this package is not exported.
 */
public final class RealCodecRegistry implements CodecRegistry {
    /** Deeper type nesting than this (a composite of arrays of composites of ...) is not decoded in binary. */
    private static final int MAX_DEPTH = 16;
    private static final int RECORD_OID = 2249;
    private static final int RECORD_ARRAY_OID = 2287;

    private final Map<String, Codec<?>> registered = new ConcurrentHashMap<>();
    /** Registrations that replace a built-in type, by its OID; read on every lookup, so kept apart. */
    private final Map<Integer, Codec<?>> builtinOverrides = new ConcurrentHashMap<>();

    /** A registry with every built-in codec and no registrations. */
    public RealCodecRegistry() {
    }

    @Override
    public CodecRegistry register(String typeName, TypeCodec<?> codec) {
        Objects.requireNonNull(codec, "codec");
        if (typeName == null || typeName.isBlank()) {
            throw new IllegalArgumentException("type name is blank: '" + typeName + "'");
        }
        Codec<?> wrapped = UserCodec.wrap(typeName, codec);
        registered.put(typeName, wrapped);
        int builtin = Builtins.oidOf(typeName);
        if (builtin >= 0) {
            builtinOverrides.put(builtin, wrapped);
        }
        return this;
    }

    @Override
    public TypeCodec<?> forOid(int oid, TypeCatalog catalog) {
        return resolve(oid, catalog, 0);
    }

    /** The codec for {@code oid}, or null; {@code depth} counts enclosing containers. */
    Codec<?> resolve(int oid, TypeCatalog catalog, int depth) {
        Codec<?> builtin = Builtins.byOid(oid);
        if (builtin != null && !builtinOverrides.isEmpty()) {
            Codec<?> override = builtinOverrides.get(oid);
            if (override != null) {
                return override;
            }
            if (builtin instanceof ArrayCodec array && builtinOverrides.containsKey(array.elementOid())) {
                // null when the registered element codec is text-format: the whole array is then text
                return ArrayCodec.of(builtinOverrides.get(array.elementOid()), array.elementOid());
            }
        }
        if (builtin != null || depth > MAX_DEPTH) {
            return builtin;
        }
        if (oid == RECORD_OID) {
            return new AnonymousRecordCodec(this, catalog, depth);
        }
        if (oid == RECORD_ARRAY_OID) {
            return ArrayCodec.of(new AnonymousRecordCodec(this, catalog, depth + 1), RECORD_OID);
        }
        Optional<PgType> type = catalog == null ? Optional.empty() : catalog.byOid(oid);
        return type.isEmpty() ? null : resolve(type.get(), catalog, depth);
    }

    private Codec<?> resolve(PgType type, TypeCatalog catalog, int depth) {
        Codec<?> user = registered.get(type.namespace() + "." + type.name());
        if (user == null) {
            user = registered.get(type.name());
        }
        if (user != null) {
            return user;
        }
        if (type.isArray()) {
            return ArrayCodec.of(resolve(type.elementOid(), catalog, depth + 1), type.elementOid());
        }
        return switch (type.typtype()) {
            case PgType.DOMAIN -> resolve(type.baseTypeOid(), catalog, depth + 1);
            case PgType.ENUM -> TextCodecs.forEnum(type.name());
            case PgType.COMPOSITE -> composite(type, catalog, depth);
            case PgType.RANGE -> RangeCodec.of(type.name(), resolve(type.rangeSubtype(), catalog, depth + 1));
            case PgType.MULTIRANGE -> {
                RangeCodec range = RangeCodec.of(type.name(), resolve(type.rangeSubtype(), catalog, depth + 1));
                yield range == null ? null : range.multi(type.name());
            }
            default -> byExtensionName(type.name());
        };
    }

    private Codec<?> composite(PgType type, TypeCatalog catalog, int depth) {
        Codec<?>[] fields = new Codec<?>[type.attributes().size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = resolve(type.attributes().get(i).typeOid(), catalog, depth + 1);
        }
        return CompositeCodec.of(type, fields);
    }

    /** Extension types that have no fixed OID but a well-known name and binary format. */
    private static Codec<?> byExtensionName(String name) {
        return switch (name) {
            case "citext" -> TextCodecs.CITEXT;
            case "hstore" -> HstoreCodec.INSTANCE;
            default -> null;
        };
    }

    @Override
    public TypeCodec<Object> forParameter(int paramOid, Object value, TypeCatalog catalog) {
        if (value == null) {
            throw new IllegalArgumentException("null bind value for parameter type oid " + paramOid
                    + ": send NULL as length -1");
        }
        Codec<?> codec = paramOid == 0 ? ParameterTypes.forValue(value) : resolve(paramOid, catalog, 0);
        if (codec == null) {
            if (value instanceof String) {
                return TextCodecs.textFormat(typeName(paramOid, catalog)).binder();
            }
            throw new IllegalArgumentException("cannot send a " + value.getClass().getName()
                    + " as PostgreSQL type " + typeName(paramOid, catalog)
                    + ", which has no binary codec: bind a String (sent as text) or register a codec");
        }
        codec.checkAccepts(value);
        return codec.binder();
    }

    private static String typeName(int oid, TypeCatalog catalog) {
        if (oid == 0) {
            return "(unspecified)";
        }
        Optional<PgType> type = catalog == null ? Optional.empty() : catalog.byOid(oid);
        return type.map(PgType::name).orElse("oid " + oid);
    }

    @Override
    public <T> T convert(Object value, Class<T> target) {
        return Conversions.convert(value, target);
    }
}
