package dev.weft.pg.codec;

import dev.weft.pg.codec.builtin.RealCodecRegistry;

/**
 * The table of codecs the driver uses to turn PostgreSQL values into Java values and back: built-in
 * types by OID, types found through the {@link TypeCatalog} (enums, composites, domains, arrays, ranges,
 * {@code hstore}, {@code citext}) and codecs registered by type name. Thread-safe: one registry may serve
 * many connections, and registering while queries run is safe (statements already prepared keep the codec
 * they resolved).
 *
 * {@snippet :
 * CodecRegistry codecs = CodecRegistry.create();
 * codecs.register("ltree", myLtreeCodec);                       // by type name, resolved per database
 * TypeCodec<?> column = codecs.forOid(23, catalog);               // int4 -> Integer, binary
 * TypeCodec<Object> param = codecs.forParameter(20, 7, catalog);  // an Integer bound to int8
 * param.encode(7, buffer);
 * }
 *
 * <p>See {@code docs/pg-types.md} for the Java type of every PostgreSQL type and the rules for bind values.
 */
public interface CodecRegistry {

    /** A registry with every built-in codec and no registrations. */
    static CodecRegistry create() {
        return new RealCodecRegistry();
    }

    /**
     * The codec that decodes values of type {@code oid}, or {@code null} when there is none: the driver then
     * asks for the text format and returns the text as a {@code String}. Types not built in are looked up in
     * {@code catalog} (which may be {@link TypeCatalog#empty()}). Resolve once per statement and keep the
     * result: built-in lookups are an array read, others consult the catalog and build a codec.
     */
    TypeCodec<?> forOid(int oid, TypeCatalog catalog);

    /**
     * The encoder for bind value {@code value} sent to a parameter the server described as type
     * {@code paramOid} (0 when unspecified: the type is then chosen from the value's class). The returned
     * codec's {@link TypeCodec#binary()} gives the parameter's format code.
     *
     * @throws IllegalArgumentException when {@code value} is null (bind NULL as length -1 instead), or when
     *         its Java class cannot be sent as that type; the message names both
     */
    TypeCodec<Object> forParameter(int paramOid, Object value, TypeCatalog catalog);

    /**
     * Registers {@code codec} for the type named {@code typeName} ({@code name} or {@code schema.name}),
     * replacing any built-in or earlier codec for it. The name is resolved against each database's catalog,
     * so one registration works wherever the type's OID differs.
     *
     * @return this registry
     */
    CodecRegistry register(String typeName, TypeCodec<?> codec);

    /**
     * Converts a value a codec decoded to {@code target}: numbers widen (and narrow when the value fits),
     * {@code timestamptz} becomes an {@code Instant} or {@code ZonedDateTime}, enum labels become Java enum
     * constants, composites become records (by attribute name), arrays become lists or Java arrays, JSON
     * text becomes a Jackson {@code JsonNode} when Jackson is present. Returns {@code null} for {@code null}.
     *
     * @throws IllegalArgumentException when the value cannot become a {@code target}; the message names both
     */
    <T> T convert(Object value, Class<T> target);
}
