package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.types.PgArray;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * The binary codec of an array type over a binary element codec: a header (dimension count, has-nulls
 * flag, element OID), a length and lower bound per dimension, then each element length-prefixed (-1 for
 * NULL) in row-major order. Decodes to {@link PgArray}; encodes a {@code PgArray}, a {@code Collection} or
 * a Java array, nested for more dimensions.
 */
final class ArrayCodec extends Codec<PgArray> {
    private static final int HEADER = 12;
    private final Codec<?> element;
    private final int elementOid;
    /** Whether a list is itself one element (a multirange, a composite), so nesting cannot mean dimensions. */
    private final boolean elementTakesLists;

    private ArrayCodec(String typeName, Codec<?> element, int elementOid) {
        super(typeName, PgArray.class);
        this.element = element;
        this.elementOid = elementOid;
        this.elementTakesLists = element.takesLists();
    }

    /** The array codec over {@code element}, or null when the element has no binary codec. */
    static ArrayCodec of(Codec<?> element, int elementOid) {
        if (element == null || !element.binary()) {
            return null;
        }
        return new ArrayCodec("_" + element.typeName(), element, elementOid);
    }

    int elementOid() {
        return elementOid;
    }

    @Override
    PgArray coerce(Object value) {
        if (value instanceof PgArray a) {
            return a;
        }
        if (!isContainer(value)) {
            return null;
        }
        return shape(value);
    }

    @Override
    boolean accepts(Object value) {
        return value instanceof PgArray || isContainer(value);
    }

    @Override
    String acceptedTypes() {
        return "PgArray, Collection, Java array (of " + element.acceptedTypes() + ")";
    }

    @Override
    public void encode(PgArray value, WriteBuffer out) {
        int[] dims = value.dimensions();
        int[] lowers = value.lowerBounds();
        int flagsAt = out.position() + 4;
        out.writeInt(dims.length).writeInt(0).writeInt(elementOid);
        for (int d = 0; d < dims.length; d++) {
            out.writeInt(dims[d]).writeInt(lowers[d]);
        }
        boolean nulls = false;
        for (Object item : value.elements()) {
            if (item == null) {
                out.writeInt(-1);
                nulls = true;
            } else {
                writeElement(element, item, out);
            }
        }
        if (nulls) {
            out.setInt(flagsAt, 1);
        }
    }

    /** Writes one length-prefixed value, back-filling the length; shared by the container codecs. */
    static <T> void writeElement(Codec<T> codec, Object item, WriteBuffer out) {
        int lengthAt = out.position();
        out.writeInt(0);
        codec.encode(codec.coerceOrThrow(item), out);
        out.setInt(lengthAt, out.position() - lengthAt - 4);
    }

    @Override
    public PgArray decode(byte[] data, int offset, int length) {
        if (length < HEADER) {
            throw PgDecodeException.malformed(typeName(), "header needs " + HEADER + " bytes, got " + length);
        }
        int ndim = BigEndian.getInt(data, offset);
        if (ndim < 0 || ndim > PgArray.MAX_DIMENSIONS) {
            throw PgDecodeException.malformed(typeName(), "dimension count " + ndim);
        }
        int pos = offset + HEADER;
        int end = offset + length;
        if (end - pos < ndim * 8) {
            throw PgDecodeException.malformed(typeName(), "truncated dimensions");
        }
        int[] dims = new int[ndim];
        int[] lowers = new int[ndim];
        for (int d = 0; d < ndim; d++, pos += 8) {
            dims[d] = BigEndian.getInt(data, pos);
            lowers[d] = BigEndian.getInt(data, pos + 4);
        }
        int total;
        try {
            total = PgArray.elementCount(dims, lowers);
        } catch (IllegalArgumentException e) {
            throw PgDecodeException.malformed(typeName(), e.getMessage());
        }
        if ((long) total * 4 > end - pos) {
            throw PgDecodeException.malformed(typeName(), total + " elements cannot fit in " + (end - pos) + " bytes");
        }
        Object[] elements = new Object[total];
        for (int i = 0; i < total; i++) {
            if (end - pos < 4) {
                throw PgDecodeException.malformed(typeName(), "truncated at element " + i);
            }
            int len = BigEndian.getInt(data, pos);
            pos += 4;
            if (len == -1) {
                continue;
            }
            if (len < 0 || len > end - pos) {
                throw PgDecodeException.malformed(typeName(), "element " + i + " has length " + len);
            }
            elements[i] = element.decode(data, pos, len);
            pos += len;
        }
        if (pos != end) {
            throw PgDecodeException.malformed(typeName(), (end - pos) + " bytes after the last element");
        }
        return PgArray.of(dims, lowers, Arrays.asList(elements));
    }

    private boolean isContainer(Object value) {
        if (value instanceof Collection<?> || value instanceof Object[]) {
            return true;
        }
        return value != null && value.getClass().isArray() && !(value instanceof byte[] && element == TextCodecs.BYTEA);
    }

    /** Finds the dimensions of nested containers, checks they are rectangular and flattens them. */
    private PgArray shape(Object value) {
        List<Integer> dims = new ArrayList<>();
        Object probe = value;
        while (true) {
            int n = lengthOf(probe);
            dims.add(n);
            if (n == 0 || elementTakesLists || dims.size() == PgArray.MAX_DIMENSIONS) {
                break;
            }
            Object first = iterator(probe).next();
            if (!isContainer(first)) {
                break;
            }
            probe = first;
        }
        if (dims.contains(0)) {
            return PgArray.of(List.of());
        }
        int[] dimensions = dims.stream().mapToInt(Integer::intValue).toArray();
        int[] lowers = new int[dimensions.length];
        Arrays.fill(lowers, 1);
        List<Object> flat = new ArrayList<>(PgArray.elementCount(dimensions, lowers));
        flatten(value, 0, dimensions, flat);
        return PgArray.of(dimensions, lowers, flat);
    }

    private void flatten(Object container, int level, int[] dims, List<Object> out) {
        if (!isContainer(container) || lengthOf(container) != dims[level]) {
            throw new IllegalArgumentException("arrays must be rectangular: expected " + dims[level]
                    + " items at depth " + (level + 1) + ", got " + describe(container));
        }
        for (Iterator<?> it = iterator(container); it.hasNext(); ) {
            Object item = it.next();
            if (level + 1 < dims.length) {
                flatten(item, level + 1, dims, out);
            } else if (isContainer(item) && !elementTakesLists) {
                throw new IllegalArgumentException("arrays must be rectangular: unexpected nested "
                        + item.getClass().getSimpleName() + " at depth " + (level + 2));
            } else {
                out.add(item);
            }
        }
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        return value.getClass().getSimpleName() + (value instanceof Collection<?> || value.getClass().isArray()
                ? " of " + lengthOf(value) : "");
    }

    private static int lengthOf(Object container) {
        return container instanceof Collection<?> c ? c.size() : Array.getLength(container);
    }

    private static Iterator<?> iterator(Object container) {
        if (container instanceof Collection<?> c) {
            return c.iterator();
        }
        int n = Array.getLength(container);
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Object next() {
                return Array.get(container, i++);
            }
        };
    }
}
