package dev.weft.bench.pg;

/**
 * The schema and queries of the PostgreSQL benchmark, shared by the server program and every client so
 * that all drivers run exactly the same SQL: TechEmpower's 10,000-row {@code world} table for the point
 * query, and a 1,000-row table of mixed column types for the wide-result workload.
 */
final class BenchDatabase {
    /** Database, user and password the server program creates. */
    static final String DATABASE = "bench";
    static final String USER = "bench";
    static final String PASSWORD = "bench";

    /** Rows in {@code world}; point-query ids are drawn uniformly from 1..this. */
    static final int WORLD_ROWS = 10_000;
    /** Rows in {@code mixed}, all returned by {@link #ALL_MIXED}. */
    static final int MIXED_ROWS = 1_000;

    static final String POINT_QUERY = "SELECT id, randomnumber FROM world WHERE id = $1";
    /** The same statement in JDBC's placeholder syntax. */
    static final String POINT_QUERY_JDBC = "SELECT id, randomnumber FROM world WHERE id = ?";
    static final String ALL_MIXED = "SELECT id, big, ratio, name, flag, created, amount, tag FROM mixed";

    /** Creates and fills both tables; run once, as the owner, in {@link #DATABASE}. */
    static final String SCHEMA = """
            CREATE TABLE world (id int PRIMARY KEY, randomnumber int NOT NULL);
            INSERT INTO world SELECT i, 1 + (random() * 9999)::int FROM generate_series(1, %d) i;
            CREATE TABLE mixed (id int PRIMARY KEY, big bigint NOT NULL, ratio float8 NOT NULL, name text NOT NULL,
                                flag bool NOT NULL, created timestamptz NOT NULL, amount numeric(12, 2) NOT NULL,
                                tag uuid NOT NULL);
            INSERT INTO mixed SELECT i, i * 1000003::bigint, i / 7.0, 'name-' || i || repeat('x', i %% 20), i %% 2 = 0,
                                     timestamptz '2026-01-01 00:00:00+00' - i * interval '1 minute', i * 1.25,
                                     md5(i::text)::uuid
                              FROM generate_series(1, %d) i;
            ANALYZE world;
            ANALYZE mixed
            """.formatted(WORLD_ROWS, MIXED_ROWS);

    private BenchDatabase() {
    }
}
