package dev.weft.pg.pool;

import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgQueries;
import dev.weft.pg.Row;
import dev.weft.pg.RowStream;
import dev.weft.pg.error.DivisionByZero;
import dev.weft.pg.error.UniqueViolation;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** COPY and streaming through the pool: each borrows a connection for itself and gives it back when it ends. */
class PgPoolCopyAndStreamTest extends PoolTest {
    record Item(int id, String name) {
    }

    PgPoolCopyAndStreamTest(TestDatabase db) {
        super(db);
    }

    private PgPool pool(String name) {
        PgPool pool = Pools.open(db, name, cfg -> cfg.minSize(1).maxSize(2));
        pool.execute("DROP TABLE IF EXISTS " + name + "; CREATE TABLE " + name + "(id int PRIMARY KEY, name text)");
        return pool;
    }

    @Test
    void copyInOfRowsAndOfAnIteratorGoesThroughThePool() {
        try (var pool = pool("pool_copy_rows")) {
            long fromList = pool.copyIn("pool_copy_rows", List.of("id", "name"), List.of(new Item(1, "one"), new Item(2, "two")));
            long fromIterator = pool.copyIn("pool_copy_rows", List.of(),
                    IntStream.rangeClosed(3, 1000).mapToObj(i -> new Object[] {i, "n" + i}).iterator());

            assertThat(fromList).isEqualTo(2);
            assertThat(fromIterator).isEqualTo(998);
            assertThat(pool.queryValue(Long.class, "SELECT count(*) FROM pool_copy_rows")).isEqualTo(1000);
            assertThat(pool.statistics().inUse()).isZero();
        }
    }

    @Test
    void failedCopyKeepsNothingAndGivesTheConnectionBack() {
        try (var pool = pool("pool_copy_fail")) {
            pool.execute("INSERT INTO pool_copy_fail VALUES (2, 'taken')");
            assertThatThrownBy(() -> pool.copyIn("pool_copy_fail", List.of("id", "name"), List.of(new Item(1, "a"), new Item(2, "b"))))
                    .isInstanceOf(UniqueViolation.class);
            assertThat(pool.queryValue(Long.class, "SELECT count(*) FROM pool_copy_fail")).isEqualTo(1);
            assertThat(pool.statistics().inUse()).isZero();
        }
    }

    @Test
    void copyInFromAStreamAndCopyOutToAStream() {
        try (var pool = pool("pool_copy_csv")) {
            var csv = new ByteArrayInputStream("id,name\n1,alpha\n2,\"be,ta\"\n".getBytes(StandardCharsets.UTF_8));
            assertThat(pool.copyIn("COPY pool_copy_csv (id, name) FROM STDIN (FORMAT csv, HEADER true)", csv)).isEqualTo(2);

            var out = new ByteArrayOutputStream();
            long copied = pool.copyOut("COPY (SELECT id, name FROM pool_copy_csv ORDER BY id) TO STDOUT (FORMAT csv)", out);

            assertThat(copied).isEqualTo(2);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("1,alpha\n2,\"be,ta\"\n");
            assertThat(pool.statistics().inUse()).isZero();
        }
    }

    @Test
    void streamHoldsItsConnectionUntilClosedEarly() {
        try (var pool = Pools.open(db, "pool_stream_close", cfg -> cfg.minSize(1).maxSize(2))) {
            try (RowStream rows = pool.stream("SELECT n FROM generate_series(1, 10000) n", 100)) {
                assertThat(rows.next().getInt(0)).isEqualTo(1);
                assertThat(pool.statistics().inUse()).isEqualTo(1);
            }
            assertThat(pool.statistics().inUse()).isZero();
            assertThat(pool.queryValue(Integer.class, "SELECT 3")).isEqualTo(3);
        }
    }

    @Test
    void streamGivesItsConnectionBackWhenExhausted() {
        try (var pool = Pools.open(db, "pool_stream_end", cfg -> cfg.minSize(1).maxSize(1))) {
            RowStream rows = pool.stream("SELECT n FROM generate_series(1, $1) n", 7, 50);
            long sum = 0;
            while (rows.hasNext()) {
                sum += rows.next().getInt(0);
            }
            assertThat(sum).isEqualTo(50 * 51 / 2);
            assertThat(pool.statistics().inUse()).isZero();
            // maxSize 1: this would wait for the acquire timeout if the stream still held the connection.
            assertThat(pool.queryValue(Integer.class, "SELECT 4")).isEqualTo(4);
        }
    }

    @Test
    void streamThatFailsToOpenGivesItsConnectionBack() {
        try (var pool = Pools.open(db, "pool_stream_bad", cfg -> cfg.minSize(1).maxSize(1))) {
            assertThatThrownBy(() -> pool.stream("SELECT * FROM no_such_table", 10)).hasMessageContaining("no_such_table");
            assertThat(pool.statistics().inUse()).isZero();
            assertThat(pool.queryValue(Integer.class, "SELECT 5")).isEqualTo(5);
        }
    }

    @Test
    void streamThatFailsMidwayGivesItsConnectionBack() {
        try (var pool = Pools.open(db, "pool_stream_midway", cfg -> cfg.minSize(1).maxSize(1))) {
            RowStream rows = pool.stream("SELECT 10 / (50 - n) FROM generate_series(1, 100) n", 10);
            assertThatThrownBy(() -> rows.forEachRemaining(row -> { })).isInstanceOf(DivisionByZero.class);
            assertThat(pool.statistics().inUse()).isZero();
            assertThat(rows.hasNext()).isFalse();
            assertThat(pool.queryValue(Integer.class, "SELECT 7")).isEqualTo(7);
        }
    }

    @Test
    void copyOutRowsAsAJavaStreamReleasesOnClose() {
        try (var pool = Pools.open(db, "pool_copy_rows_out", cfg -> cfg.minSize(1).maxSize(1))) {
            List<Integer> seen = new ArrayList<>();
            try (var rows = pool.copyOutRows("SELECT n FROM generate_series(1, 5) n").stream()) {
                rows.map(row -> row.getInt(0)).forEach(seen::add);
            }
            assertThat(seen).containsExactly(1, 2, 3, 4, 5);
            assertThat(pool.statistics().inUse()).isZero();
            assertThat(pool.queryValue(Integer.class, "SELECT 6")).isEqualTo(6);
        }
    }

    @Test
    void codeWrittenAgainstPgQueriesRunsOnAPoolAndOnAConnection() {
        try (var pool = pool("pool_queries")) {
            assertThat(countThrough(pool, "pool_queries")).isEqualTo(3);
            try (var conn = pool.acquire()) {
                assertThat(countThrough(conn, "pool_queries")).isEqualTo(6);
            }
        }
    }

    private static long countThrough(PgQueries db, String table) {
        int id = db.queryValue(Integer.class, "SELECT coalesce(max(id), 0) + 1 FROM " + table);
        db.transaction(tx -> tx.executeBatch("INSERT INTO " + table + " (id, name) VALUES ($1, $2)",
                List.of(new Object[] {id, "a"}, new Object[] {id + 1, "b"})));
        db.copyIn(table, List.of("id", "name"), List.of(new Item(id + 2, "c")));
        Row row = db.queryOne("SELECT count(*) AS n FROM " + table);
        return row.getLong(0);
    }
}
