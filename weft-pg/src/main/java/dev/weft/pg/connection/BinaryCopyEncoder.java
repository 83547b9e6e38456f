package dev.weft.pg.connection;

import dev.weft.pg.Column;
import dev.weft.pg.codec.CodecRegistry;
import dev.weft.pg.codec.PgType;
import dev.weft.pg.codec.TypeCatalog;
import dev.weft.pg.codec.TypeCodec;
import dev.weft.pg.codec.WriteBuffer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes rows in PostgreSQL's binary COPY format (signature, flags, then per row a field count and
 * length-prefixed values, then the -1 trailer), one chunk at a time as {@link Copies} asks for it, so
 * only one chunk of the source is ever in memory. A row is an {@code Object[]}, a {@code List} or a
 * record (components in declaration order); values are encoded by the codecs for the column's type.
 * Used by one thread.
 */
final class BinaryCopyEncoder implements Copies.Feeder {
    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

    private final Iterator<?> rows;
    private final List<Column> columns;
    private final CodecRegistry codecs;
    private final TypeCatalog catalog;
    private final TypeCodec<Object>[] lastCodec;
    private final Class<?>[] lastClass;
    private final Object[] values;
    private Class<?> recordType;
    private Method[] accessors;
    private boolean headerWritten;
    private long rowNumber;

    /**
     * {@code catalog} must answer from the session's cache only: once COPY has started, no other query can
     * go to the server, so the caller resolves the columns' types before.
     */
    @SuppressWarnings("unchecked")
    BinaryCopyEncoder(Iterator<?> rows, List<Column> columns, CodecRegistry codecs, TypeCatalog catalog) {
        this.rows = rows;
        this.columns = columns;
        this.codecs = codecs;
        this.catalog = catalog;
        this.lastCodec = (TypeCodec<Object>[]) new TypeCodec<?>[columns.size()];
        this.lastClass = new Class<?>[columns.size()];
        this.values = new Object[columns.size()];
    }

    /** A catalog over the session's cached rows that never queries: a miss is an error naming the type. */
    static TypeCatalog cachedOnly(Map<Integer, Optional<PgType>> byOid, Map<String, Optional<PgType>> byName) {
        return new TypeCatalog() {
            @Override
            public Optional<PgType> byOid(int oid) {
                Optional<PgType> type = byOid.get(oid);
                if (type == null) {
                    throw new IllegalStateException("type " + oid + " was not looked up before COPY started");
                }
                return type;
            }

            @Override
            public Optional<PgType> byName(String name) {
                Optional<PgType> type = byName.get(name);
                if (type == null) {
                    throw new IllegalStateException("type " + name + " was not looked up before COPY started");
                }
                return type;
            }
        };
    }

    @Override
    public boolean fill(WriteBuffer out) {
        int limit = out.position() + Copies.CHUNK;
        if (!headerWritten) {
            out.writeBytes(SIGNATURE).writeInt(0).writeInt(0);
            headerWritten = true;
        }
        while (out.position() < limit) {
            if (!rows.hasNext()) {
                out.writeShort(-1);
                return false;
            }
            rowNumber++;
            writeRow(rows.next(), out);
        }
        return true;
    }

    private void writeRow(Object row, WriteBuffer out) {
        int count = spread(row);
        if (count != columns.size()) {
            throw new IllegalArgumentException("row " + rowNumber + " has " + count + " values but " + columns.size()
                    + " columns are copied " + columns.stream().map(Column::name).toList());
        }
        out.writeShort(count);
        for (int i = 0; i < count; i++) {
            Object value = values[i];
            if (value == null) {
                out.writeInt(-1);
                continue;
            }
            TypeCodec<Object> codec = codecFor(i, value);
            int lengthAt = out.position();
            out.writeInt(0);
            codec.encode(value, out);
            out.setInt(lengthAt, out.position() - lengthAt - 4);
        }
    }

    // The codec depends on the value's class as well as the column type; rows usually repeat the class.
    private TypeCodec<Object> codecFor(int column, Object value) {
        if (value.getClass() == lastClass[column]) {
            return lastCodec[column];
        }
        Column c = columns.get(column);
        TypeCodec<Object> codec;
        try {
            codec = codecs.forParameter(c.typeOid(), value, catalog);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("row " + rowNumber + ", column \"" + c.name() + "\": " + e.getMessage(), e);
        }
        if (!codec.binary()) {
            throw new IllegalArgumentException("column \"" + c.name() + "\" (type oid " + c.typeOid()
                    + ") has no binary codec; binary COPY cannot send it: use copyIn(sql, InputStream) with FORMAT csv");
        }
        lastClass[column] = value.getClass();
        lastCodec[column] = codec;
        return codec;
    }

    /** Puts the row's values into {@link #values}; returns how many it has. */
    private int spread(Object row) {
        switch (row) {
            case Object[] array -> {
                if (array.length == values.length) {
                    System.arraycopy(array, 0, values, 0, array.length);
                }
                return array.length;
            }
            case List<?> list -> {
                if (list.size() == values.length) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = list.get(i);
                    }
                }
                return list.size();
            }
            case Record record -> {
                Method[] methods = accessors(record.getClass());
                if (methods.length == values.length) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = component(methods[i], record);
                    }
                }
                return methods.length;
            }
            case null -> throw new IllegalArgumentException("row " + rowNumber + " is null");
            default -> throw new IllegalArgumentException("row " + rowNumber + " is a " + row.getClass().getName()
                    + "; rows must be Object[], List or records");
        }
    }

    private Method[] accessors(Class<?> type) {
        if (type != recordType) {
            RecordComponent[] components = type.getRecordComponents();
            var methods = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                methods[i] = components[i].getAccessor();
                methods[i].trySetAccessible(); // records nested privately in the caller's code
            }
            recordType = type;
            accessors = methods;
        }
        return accessors;
    }

    private Object component(Method accessor, Record record) {
        try {
            return accessor.invoke(record);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot read " + accessor + ": make the record public or open its package to dev.weft.pg", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("row " + rowNumber + ": " + accessor.getName() + "() threw", e.getCause());
        }
    }
}
