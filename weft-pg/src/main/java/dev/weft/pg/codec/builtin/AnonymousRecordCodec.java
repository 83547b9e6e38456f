package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.TypeCatalog;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.types.PgComposite;

import java.util.Arrays;

/**
 * Decodes values of the pseudo-type {@code record} (a {@code ROW(...)} expression, a whole-row reference
 * to a subquery): each field carries its type OID, so each field's codec is looked up as the value is read.
 * Fields are named {@code f1}, {@code f2}, ... as the server names them. The server cannot take an
 * anonymous record as a parameter, so this codec accepts no bind values.
 */
final class AnonymousRecordCodec extends Codec<PgComposite> {
    private final RealCodecRegistry registry;
    private final TypeCatalog catalog;
    private final int depth;

    AnonymousRecordCodec(RealCodecRegistry registry, TypeCatalog catalog, int depth) {
        super("record", PgComposite.class);
        this.registry = registry;
        this.catalog = catalog;
        this.depth = depth;
    }

    @Override
    boolean takesLists() {
        return true;
    }

    @Override
    PgComposite coerce(Object value) {
        return null;
    }

    @Override
    String acceptedTypes() {
        return "nothing: the server takes no anonymous record parameters; cast to a named composite type";
    }

    @Override
    public void encode(PgComposite value, WriteBuffer out) {
        throw new IllegalArgumentException(acceptedTypes());
    }

    @Override
    public PgComposite decode(byte[] data, int offset, int length) {
        Object[] values = CompositeCodec.decodeFields(this, data, offset, length, null, this::fieldCodec);
        String[] names = new String[values.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = "f" + (i + 1);
        }
        return new PgComposite(typeName(), Arrays.asList(names), Arrays.asList(values));
    }

    private Codec<?> fieldCodec(int index, int oid) {
        Codec<?> codec = registry.resolve(oid, catalog, depth + 1);
        if (codec == null || !codec.binary()) {
            throw PgDecodeException.outOfRange(typeName(), "field f" + (index + 1) + " has type oid " + oid
                    + ", which has no binary codec: cast that field to text");
        }
        return codec;
    }
}
