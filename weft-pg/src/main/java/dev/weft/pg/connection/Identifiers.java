package dev.weft.pg.connection;

import java.util.List;
import java.util.stream.Collectors;

/** Quotes SQL identifiers (table and column names) so that any name is taken literally. Stateless. */
final class Identifiers {
    private Identifiers() {
    }

    /** {@code name} as a quoted identifier: {@code my "col"} becomes {@code "my ""col"""}. */
    static String quote(String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid identifier: '" + name + "'");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A table name, {@code table} or {@code schema.table}: each part quoted (a name holding a dot needs the SQL form). */
    static String qualified(String table) {
        int dot = table == null ? -1 : table.indexOf('.');
        return dot < 0 ? quote(table) : quote(table.substring(0, dot)) + "." + quote(table.substring(dot + 1));
    }

    /** Comma-separated quoted names. */
    static String list(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no column names given");
        }
        return names.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    }
}
