package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.PgType;
import dev.weft.pg.codec.TypeCatalog;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.types.PgComposite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The binary codec of a named composite type, built from its attributes in the {@link TypeCatalog}: a field
 * count, then per field its type OID and its length-prefixed value. Decodes to {@link PgComposite}; encodes
 * a {@code PgComposite} or a {@code Map} (by attribute name), a Java record (by component name) or a
 * {@code List}/{@code Object[]} (by position). Attributes with no value are sent as NULL.
 */
final class CompositeCodec extends Codec<PgComposite> {
    private final List<String> names;
    private final int[] oids;
    private final Codec<?>[] fields;

    private CompositeCodec(String typeName, List<String> names, int[] oids, Codec<?>[] fields) {
        super(typeName, PgComposite.class);
        this.names = names;
        this.oids = oids;
        this.fields = fields;
    }

    /** The codec for {@code type} whose attributes use {@code fields}, or null when one has no binary codec. */
    static CompositeCodec of(PgType type, Codec<?>[] fields) {
        for (Codec<?> field : fields) {
            if (field == null || !field.binary()) {
                return null;
            }
        }
        List<String> names = type.attributes().stream().map(PgType.Attribute::name).toList();
        int[] oids = type.attributes().stream().mapToInt(PgType.Attribute::typeOid).toArray();
        return new CompositeCodec(type.name(), names, oids, fields.clone());
    }

    @Override
    boolean takesLists() {
        return true;
    }

    @Override
    PgComposite coerce(Object value) {
        if (value instanceof PgComposite c && c.names().equals(names)) {
            return c;
        }
        Object[] values = switch (value) {
            case PgComposite c -> byName(c.names(), c.values());
            case Map<?, ?> m -> byName(m.keySet().stream().map(String::valueOf).toList(), new ArrayList<>(m.values()));
            case Record r -> fromRecord(r);
            case List<?> l -> byPosition(l.toArray());
            case Object[] a -> byPosition(a);
            default -> null;
        };
        return values == null ? null : new PgComposite(typeName(), names, Arrays.asList(values));
    }

    @Override
    String acceptedTypes() {
        return "PgComposite, Map, record, List or Object[] of " + names;
    }

    private Object[] byName(List<String> keys, List<?> values) {
        Object[] ordered = new Object[names.size()];
        for (int i = 0; i < keys.size(); i++) {
            ordered[attributeIndex(keys.get(i))] = values.get(i);
        }
        return ordered;
    }

    private Object[] fromRecord(Record r) {
        RecordShape shape = RecordShape.of(r.getClass());
        Object[] ordered = new Object[names.size()];
        for (int i = 0; i < shape.size(); i++) {
            ordered[attributeIndex(shape.name(i))] = shape.component(r, i);
        }
        return ordered;
    }

    private Object[] byPosition(Object[] values) {
        if (values.length != names.size()) {
            throw new IllegalArgumentException("composite " + typeName() + " has " + names.size() + " attributes "
                    + names + ", got " + values.length + " values");
        }
        return values;
    }

    private int attributeIndex(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            String loose = RecordShape.loose(name);
            for (int j = 0; j < names.size() && i < 0; j++) {
                i = RecordShape.loose(names.get(j)).equals(loose) ? j : -1;
            }
        }
        if (i < 0) {
            throw new IllegalArgumentException("composite " + typeName() + " has no attribute " + name + ": " + names);
        }
        return i;
    }

    @Override
    public void encode(PgComposite value, WriteBuffer out) {
        out.writeInt(fields.length);
        for (int i = 0; i < fields.length; i++) {
            out.writeInt(oids[i]);
            Object item = value.get(i);
            if (item == null) {
                out.writeInt(-1);
            } else {
                ArrayCodec.writeElement(fields[i], item, out);
            }
        }
    }

    @Override
    public PgComposite decode(byte[] data, int offset, int length) {
        return new PgComposite(typeName(), names, Arrays.asList(decodeFields(this, data, offset, length, oids, (i, oid) -> fields[i])));
    }

    /** Finds the codec of field {@code index} (from 0), whose type the value names as {@code oid}. */
    interface FieldCodecs {
        Codec<?> codec(int index, int oid);
    }

    /**
     * Reads the fields of a binary composite, checking the count and each field's OID against
     * {@code expectedOids} unless it is null (anonymous records, whose fields' types only the value tells).
     */
    static Object[] decodeFields(Codec<?> owner, byte[] data, int offset, int length, int[] expectedOids,
                                 FieldCodecs codecs) {
        if (length < 4) {
            throw PgDecodeException.malformed(owner.typeName(), "no field count");
        }
        int count = BigEndian.getInt(data, offset);
        if (count < 0 || (long) count * 8 > length - 4 || expectedOids != null && count != expectedOids.length) {
            throw PgDecodeException.malformed(owner.typeName(), count + " fields in " + length + " bytes"
                    + (expectedOids == null ? "" : ", expected " + expectedOids.length + " (type changed? reconnect)"));
        }
        Object[] values = new Object[count];
        int pos = offset + 4;
        int end = offset + length;
        for (int i = 0; i < count; i++) {
            if (end - pos < 8) {
                throw PgDecodeException.malformed(owner.typeName(), "truncated field " + (i + 1));
            }
            int oid = BigEndian.getInt(data, pos);
            int len = BigEndian.getInt(data, pos + 4);
            pos += 8;
            if (expectedOids != null && oid != expectedOids[i]) {
                throw PgDecodeException.malformed(owner.typeName(), "field " + (i + 1) + " has type oid " + oid
                        + ", the catalog said " + expectedOids[i] + " (type changed? reconnect)");
            }
            if (len == -1) {
                continue;
            }
            if (len < 0 || len > end - pos) {
                throw PgDecodeException.malformed(owner.typeName(), "field " + (i + 1) + " has length " + len);
            }
            values[i] = codecs.codec(i, oid).decode(data, pos, len);
            pos += len;
        }
        if (pos != end) {
            throw PgDecodeException.malformed(owner.typeName(), (end - pos) + " bytes after the last field");
        }
        return values;
    }

}
