package dev.weft.pg.connection;

import dev.weft.pg.PgProtocolException;
import dev.weft.pg.Column;
import dev.weft.pg.Row;
import dev.weft.pg.codec.CodecRegistry;
import dev.weft.pg.codec.TypeCodec;
import dev.weft.pg.protocol.BackendMessage.DataRow;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A row over one DataRow's bytes, decoded on access by the statement's column codecs. Immutable. */
final class RealRow implements Row {
    private final Statement statement;
    private final CodecRegistry codecs;
    private final DataRow data;

    RealRow(Statement statement, CodecRegistry codecs, DataRow data) {
        if (data.lengths().length != statement.columns.size()) {
            throw new PgProtocolException("DataRow has " + data.lengths().length + " columns, description has "
                    + statement.columns.size());
        }
        this.statement = statement;
        this.codecs = codecs;
        this.data = data;
    }

    @Override
    public List<Column> columns() {
        return statement.columns;
    }

    @Override
    public int size() {
        return statement.columns.size();
    }

    @Override
    public int indexOf(String name) {
        List<Column> columns = statement.columns;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column named \"" + name + "\"; columns are "
                + columns.stream().map(Column::name).toList());
    }

    @Override
    public boolean isNull(int index) {
        return data.lengths()[check(index)] < 0;
    }

    @Override
    public Object get(int index) {
        int length = data.lengths()[check(index)];
        if (length < 0) {
            return null;
        }
        TypeCodec<?> codec = statement.columnCodecs[index];
        if (codec == null) {
            return new String(data.data(), data.offsets()[index], length, StandardCharsets.UTF_8);
        }
        return codec.decode(data.data(), data.offsets()[index], length);
    }

    @Override
    public <T> T get(int index, Class<T> type) {
        Object value = get(index);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        try {
            return codecs.convert(value, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("column " + index + " (\"" + statement.columns.get(index).name() + "\"): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String getString(int index) {
        Object value = get(index);
        return value == null || value instanceof String ? (String) value : get(index, String.class);
    }

    @Override
    public int getInt(int index) {
        return nonNull(index, get(index, Integer.class));
    }

    @Override
    public long getLong(int index) {
        return nonNull(index, get(index, Long.class));
    }

    @Override
    public double getDouble(int index) {
        return nonNull(index, get(index, Double.class));
    }

    @Override
    public boolean getBoolean(int index) {
        return nonNull(index, get(index, Boolean.class));
    }

    @Override
    public String toString() {
        var b = new StringBuilder("Row{");
        for (int i = 0; i < size(); i++) {
            b.append(i == 0 ? "" : ", ").append(statement.columns.get(i).name()).append('=').append(get(i));
        }
        return b.append('}').toString();
    }

    private <T> T nonNull(int index, T value) {
        if (value == null) {
            throw new NullPointerException("column " + index + " (\"" + statement.columns.get(index).name()
                    + "\") is NULL; use get(index, Type.class) for nullable columns");
        }
        return value;
    }

    private int check(int index) {
        if (index < 0 || index >= statement.columns.size()) {
            throw new IndexOutOfBoundsException("column index " + index + " out of range 0.." + (statement.columns.size() - 1));
        }
        return index;
    }
}
