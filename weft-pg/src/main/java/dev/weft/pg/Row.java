package dev.weft.pg;

import java.util.List;

/**
 * One result row. Values are decoded from the wire on first access, by the calling thread. Getters by
 * index are 0-based; getters by name take the column label (the first match). A row is immutable and
 * may be read from several threads.
 *
 * {@snippet :
 * for (Row row : conn.query("SELECT id, name FROM users WHERE active = $1", true)) {
 *     long id = row.getLong("id");
 *     String name = row.getString(1);
 * }
 * }
 */
public interface Row {

    /** The columns of this row's result. */
    List<Column> columns();

    /** The number of columns. */
    int size();

    /** The 0-based index of the column labelled {@code name}; throws {@link IllegalArgumentException} if none. */
    int indexOf(String name);

    /** Whether the value is SQL NULL. */
    boolean isNull(int index);

    /** The value in its codec's default Java type, or null. */
    Object get(int index);

    /** The value converted to {@code type} (boxed types for primitives), or null. */
    <T> T get(int index, Class<T> type);

    /** The value as a String (its text form for non-text types), or null. */
    String getString(int index);

    /** The value as an int; throws {@link NullPointerException} on SQL NULL. */
    int getInt(int index);

    /** The value as a long; throws {@link NullPointerException} on SQL NULL. */
    long getLong(int index);

    /** The value as a double; throws {@link NullPointerException} on SQL NULL. */
    double getDouble(int index);

    /** The value as a boolean; throws {@link NullPointerException} on SQL NULL. */
    boolean getBoolean(int index);

    /** Whether the named value is SQL NULL. */
    default boolean isNull(String name) {
        return isNull(indexOf(name));
    }

    /** The named value in its default Java type, or null. */
    default Object get(String name) {
        return get(indexOf(name));
    }

    /** The named value converted to {@code type}, or null. */
    default <T> T get(String name, Class<T> type) {
        return get(indexOf(name), type);
    }

    /** The named value as a String, or null. */
    default String getString(String name) {
        return getString(indexOf(name));
    }

    /** The named value as an int. */
    default int getInt(String name) {
        return getInt(indexOf(name));
    }

    /** The named value as a long. */
    default long getLong(String name) {
        return getLong(indexOf(name));
    }

    /** The named value as a double. */
    default double getDouble(String name) {
        return getDouble(indexOf(name));
    }

    /** The named value as a boolean. */
    default boolean getBoolean(String name) {
        return getBoolean(indexOf(name));
    }
}
