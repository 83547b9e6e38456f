package dev.weft.pg;

/** The SQL transaction isolation levels PostgreSQL implements. */
public enum IsolationLevel {
    /** {@code READ COMMITTED}, PostgreSQL's default. */
    READ_COMMITTED("READ COMMITTED"),
    /** {@code REPEATABLE READ} (snapshot isolation). */
    REPEATABLE_READ("REPEATABLE READ"),
    /** {@code SERIALIZABLE}. */
    SERIALIZABLE("SERIALIZABLE");

    private final String sql;

    IsolationLevel(String sql) {
        this.sql = sql;
    }

    /** The level as written in {@code BEGIN ISOLATION LEVEL ...}. */
    public String sql() {
        return sql;
    }
}
