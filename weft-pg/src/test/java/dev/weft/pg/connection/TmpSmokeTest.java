package dev.weft.pg.connection;

import dev.weft.pg.PgConnection;
import dev.weft.pg.error.*;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TmpSmokeTest {
    static final String URI = "postgresql://postgres@127.0.0.1:55432/postgres?sslmode=disable";

    @Test
    void pipelined() throws Exception {
        try (var conn = PgConnection.connect(URI)) {
            var bad = new AtomicInteger();
            var threads = new ArrayList<Thread>();
            long t0 = System.nanoTime();
            for (int t = 0; t < 64; t++) {
                int base = t * 1000;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 200; i++) {
                        Integer v = conn.queryValue(Integer.class, "SELECT $1::int * 2", base + i);
                        if (v != (base + i) * 2) bad.incrementAndGet();
                    }
                }));
            }
            for (var th : threads) th.join();
            System.out.println("pipelined ms " + (System.nanoTime() - t0) / 1e6);
            assertThat(bad.get()).isZero();
        }
    }

    @Test
    void cancel() {
        try (var conn = PgConnection.connect(URI)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> conn.withTimeout(Duration.ofMillis(100)).execute("SELECT pg_sleep(30)", new Object[0]))
                    .isInstanceOf(QueryCanceled.class);
            System.out.println("cancel ms " + (System.nanoTime() - t0) / 1e6);
            assertThat(conn.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
        }
    }

    @Test
    void tx() {
        try (var conn = PgConnection.connect(URI)) {
            conn.execute("DROP TABLE IF EXISTS smoke; CREATE TABLE smoke(id int primary key)");
            conn.transaction(tx -> tx.execute("INSERT INTO smoke VALUES ($1)", 1));
            assertThatThrownBy(() -> conn.transaction(tx -> {
                tx.execute("INSERT INTO smoke VALUES ($1)", 2);
                tx.execute("INSERT INTO smoke VALUES ($1)", 1);
            })).isInstanceOf(UniqueViolation.class);
            assertThat(conn.queryValue(Long.class, "SELECT count(*) FROM smoke")).isEqualTo(1L);
            conn.transaction(tx -> {
                tx.execute("INSERT INTO smoke VALUES ($1)", 3);
                try {
                    tx.transaction(inner -> { inner.execute("INSERT INTO smoke VALUES ($1)", 4); throw new IllegalStateException("x"); });
                } catch (IllegalStateException expected) { }
            });
            assertThat(conn.queryValue(Long.class, "SELECT count(*) FROM smoke")).isEqualTo(2L);
        }
    }
}
