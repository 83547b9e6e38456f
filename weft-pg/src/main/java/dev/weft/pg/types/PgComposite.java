package dev.weft.pg.types;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A value of a composite (row) type: its attributes' names and values, in the type's order. Values may be
 * {@code null}. Convert one to a Java record with {@link dev.weft.pg.codec.CodecRegistry#convert}
 * (attributes match record components by name, {@code first_name} also matching {@code firstName}).
 * Immutable and thread-safe when its values are.
 *
 * {@snippet :
 * PgComposite c = (PgComposite) row.get("address");
 * String city = (String) c.get("city");
 * Address a = codecs.convert(c, Address.class);
 * }
 *
 * @param typeName the composite type's name; {@code record} for an anonymous row
 * @param names the attribute names
 * @param values the attribute values, in the order of {@code names}
 */
public record PgComposite(String typeName, List<String> names, List<Object> values) {

    /** Checks the lists have the same length and copies them; {@code values} may hold nulls. */
    public PgComposite {
        Objects.requireNonNull(typeName, "typeName");
        names = List.copyOf(names);
        values = Collections.unmodifiableList(new ArrayList<>(values));
        if (names.size() != values.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + values.size() + " values");
        }
    }

    /** The number of attributes. */
    public int size() {
        return names.size();
    }

    /** The value of attribute {@code index} (from 0). */
    public Object get(int index) {
        return values.get(index);
    }

    /**
     * The value of the attribute named {@code name}.
     *
     * @throws IllegalArgumentException when there is no such attribute
     */
    public Object get(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("composite " + typeName + " has no attribute " + name + ": " + names);
        }
        return values.get(i);
    }

    /** The value in PostgreSQL's row notation, e.g. {@code (1,x,)}, with {@code null} as nothing. */
    @Override
    public String toString() {
        var b = new StringBuilder("(");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ",").append(values.get(i) == null ? "" : values.get(i));
        }
        return b.append(')').toString();
    }
}
