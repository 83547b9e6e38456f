package dev.weft.pg.connection;

import dev.weft.pg.Column;
import dev.weft.pg.Row;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;

/**
 * Maps rows to a Java record by column name: a component {@code createdAt} takes the column
 * {@code created_at} or {@code createdat} (case-insensitive). A non-record target takes the single
 * column of a one-column result. Built once per result; immutable.
 */
final class RecordMapper<R> {
    private final Class<R> type;
    private final Constructor<R> constructor;
    private final Class<?>[] componentTypes;
    private final int[] columnIndexes;

    RecordMapper(Class<R> type, List<Column> columns) {
        this.type = type;
        if (!type.isRecord()) {
            if (columns.size() != 1) {
                throw new IllegalArgumentException(type.getName() + " is not a record, so the result must have exactly one column; it has "
                        + columns.size());
            }
            constructor = null;
            componentTypes = null;
            columnIndexes = null;
            return;
        }
        RecordComponent[] components = type.getRecordComponents();
        componentTypes = new Class<?>[components.length];
        columnIndexes = new int[components.length];
        for (int i = 0; i < components.length; i++) {
            componentTypes[i] = components[i].getType();
            columnIndexes[i] = find(components[i].getName(), columns, type);
        }
        try {
            constructor = type.getDeclaredConstructor(componentTypes);
            constructor.trySetAccessible();
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new IllegalArgumentException("cannot use the canonical constructor of " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    R map(Row row) {
        if (constructor == null) {
            return row.get(0, type);
        }
        Object[] args = new Object[componentTypes.length];
        for (int i = 0; i < args.length; i++) {
            Class<?> target = componentTypes[i].isPrimitive() ? box(componentTypes[i]) : componentTypes[i];
            args[i] = row.get(columnIndexes[i], target);
            if (args[i] == null && componentTypes[i].isPrimitive()) {
                throw new NullPointerException("column \"" + row.columns().get(columnIndexes[i]).name()
                        + "\" is NULL but " + type.getSimpleName() + "." + componentName(i) + " is a primitive " + componentTypes[i]);
            }
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalArgumentException("constructor of " + type.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot construct " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    private String componentName(int i) {
        return type.getRecordComponents()[i].getName();
    }

    private static int find(String component, List<Column> columns, Class<?> type) {
        String wanted = normalize(component);
        for (int i = 0; i < columns.size(); i++) {
            if (normalize(columns.get(i).name()).equals(wanted)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column for " + type.getSimpleName() + "." + component + "; columns are "
                + columns.stream().map(Column::name).toList());
    }

    private static String normalize(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static Class<?> box(Class<?> primitive) {
        return switch (primitive.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "boolean" -> Boolean.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            case "char" -> Character.class;
            default -> throw new IllegalArgumentException("unsupported primitive " + primitive);
        };
    }
}
