package dev.weft.examples.users;

/**
 * The columns {@code GET /users} may be sorted by. The constants are spelled as clients write them
 * ({@code ?sort=age}), and each carries its own SQL, so nothing from the request reaches the query text.
 */
public enum UserSort {
    id("id"),
    name("name"),
    email("email"),
    age("age");

    private final String column;

    UserSort(String column) {
        this.column = column;
    }

    /** The {@code ORDER BY} clause for this column; ties go by id, so pages never overlap. */
    String orderBy(Direction direction) {
        String tieBreak = this == id ? "" : ", id " + direction.sql;
        return "ORDER BY " + column + " " + direction.sql + " NULLS LAST" + tieBreak;
    }

    /** The order of {@code GET /users}' results ({@code ?order=desc}). */
    public enum Direction {
        asc("ASC"),
        desc("DESC");

        private final String sql;

        Direction(String sql) {
            this.sql = sql;
        }
    }
}
