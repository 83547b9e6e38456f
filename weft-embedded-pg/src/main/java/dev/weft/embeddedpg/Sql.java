package dev.weft.embeddedpg;

/**
 * Quoting for the few statements the fixture composes itself (role and database names, passwords),
 * which the simple query protocol cannot pass as bind values. Assumes
 * {@code standard_conforming_strings = on}, PostgreSQL's default since 9.1. Stateless.
 */
final class Sql {
    private Sql() {
    }

    /** {@code value} as a string literal: {@code O'Brien} becomes {@code 'O''Brien'}. */
    static String literal(String value) {
        requireNoNul(value);
        return "'" + value.replace("'", "''") + "'";
    }

    /** {@code name} as a quoted identifier: {@code my "db"} becomes {@code "my ""db"""}. */
    static String identifier(String name) {
        requireNoNul(name);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty SQL identifier");
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static void requireNoNul(String value) {
        if (value == null || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("null or NUL-containing SQL text: " + value);
        }
    }
}
