package dev.weft.pg.connection;

import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;
import dev.weft.pg.Row;
import dev.weft.pg.RowStream;
import dev.weft.pg.TransactionStatus;
import dev.weft.pg.error.DivisionByZero;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamTest extends OneConnectionTest {
    StreamTest(TestDatabase db) {
        super(db);
    }

    private long openPortals() {
        return conn.queryValue(Long.class, "SELECT count(*) FROM pg_cursors WHERE name LIKE 'weft_cursor%'");
    }

    @Test
    void streamsEveryRowInBatchesWithBindValues() {
        var seen = new ArrayList<Integer>();
        try (RowStream rows = conn.stream("SELECT i, i * $2 AS doubled FROM generate_series(1, $1) i", 7, 100, 2)) {
            rows.forEachRemaining(row -> {
                assertThat(row.getInt("doubled")).isEqualTo(2 * row.getInt(0));
                seen.add(row.getInt(0));
            });
        }
        assertThat(seen).containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
    }

    @Test
    void worksAsAJavaStreamAndClosesWithIt() {
        long evens;
        try (Stream<Row> rows = conn.stream("SELECT i FROM generate_series(1, 10000) i", 500).stream()) {
            evens = rows.filter(r -> r.getInt(0) % 2 == 0).count();
        }
        assertThat(evens).isEqualTo(5000);
        assertThat(conn.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
    }

    @Test
    void anEmptyResultEndsAtOnce() {
        try (RowStream rows = conn.stream("SELECT 1 WHERE false", 10)) {
            assertThat(rows.hasNext()).isFalse();
        }
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
    }

    @Test
    void closingEarlyInsideATransactionReleasesThePortalAndKeepsTheTransaction() {
        conn.transaction(tx -> {
            try (RowStream rows = tx.stream("SELECT i FROM generate_series(1, 1000000) i", 100)) {
                assertThat(rows.next().getInt(0)).isEqualTo(1);
                assertThat(tx.queryValue(Long.class, "SELECT count(*) FROM pg_cursors WHERE name LIKE 'weft_cursor%'")).isEqualTo(1);
            }
            assertThat(tx.queryValue(Long.class, "SELECT count(*) FROM pg_cursors WHERE name LIKE 'weft_cursor%'")).isZero();
            assertThat(tx.transactionStatus()).isEqualTo(TransactionStatus.IN_TRANSACTION);
        });
    }

    @Test
    void closingEarlyOutsideATransactionEndsTheOneItOpened() {
        try (RowStream rows = conn.stream("SELECT i FROM generate_series(1, 1000000) i", 100)) {
            rows.next();
            rows.next();
        }
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        assertThat(openPortals()).isZero();
    }

    @Test
    void anErrorMidStreamEndsItAndTheConnectionStaysUsable() {
        var seen = new ArrayList<Integer>();
        assertThatThrownBy(() -> {
            try (RowStream rows = conn.stream("SELECT 10 / (5000 - i) FROM generate_series(1, 10000) i", 1000)) {
                rows.forEachRemaining(r -> seen.add(r.getInt(0)));
            }
        }).isInstanceOf(DivisionByZero.class);
        assertThat(seen).hasSizeLessThan(5000);
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        assertThat(conn.queryValue(Integer.class, "SELECT 2")).isEqualTo(2);
    }

    @Test
    void otherCallersWaitUntilTheStreamCloses() throws Exception {
        var answers = new CopyOnWriteArrayList<Integer>();
        Thread other;
        try (RowStream rows = conn.stream("SELECT i FROM generate_series(1, 1000) i", 10)) {
            other = Thread.ofVirtual().start(() -> answers.add(conn.queryValue(Integer.class, "SELECT 42")));
            long sum = 0;
            while (rows.hasNext()) {
                sum += rows.next().getInt(0);
            }
            assertThat(sum).isEqualTo(500_500);
        }
        assertThat(other.join(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(answers).containsExactly(42);
    }

    @Test
    void worksWithUnnamedStatementsOnly() {
        try (var uncached = Db.connect(db, b -> b.statementCacheSize(0));
             RowStream rows = uncached.stream("SELECT i::text FROM generate_series(1, $1) i", 3, 10)) {
            assertThat(rows.stream().map(r -> r.getString(0)).toList()).hasSize(10).startsWith("1", "2");
        }
    }

    @Test
    void aFetchSizeBelowOneIsRejected() {
        assertThatThrownBy(() -> conn.stream("SELECT 1", 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fetchSize < 1: 0");
    }

    @Test
    void streamsFiveMillionRowsAndCopiesTwoMillionInAndOutInASixtyFourMegabyteHeap() throws Exception {
        String classpath = String.join(File.pathSeparator,
                location(StreamMain.class), location(PgConnection.class), System.getProperty("jdk.module.path", ""),
                System.getProperty("java.class.path", ""));
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        var process = new ProcessBuilder(java, "-Xmx64m", "-cp", classpath, StreamMain.class.getName(),
                db.uri("postgres", null), "5000000", "2000000").redirectErrorStream(true).start();
        boolean ended = process.waitFor(240, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as("child JVM finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).isEqualTo("stream=5000000 sum=" + 5_000_000L * 5_000_001L / 2 + " copyIn=2000000 copyOutRows=2000000");
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    @Timeout(30)
    void aBackendKilledMidStreamFailsTheStreamInsteadOfHanging() {
        int pid = conn.processId();
        assertThatThrownBy(() -> {
            try (RowStream rows = conn.stream("SELECT i FROM generate_series(1, 1000000) i", 1000)) {
                rows.next();
                try (var other = Db.connect(db)) {
                    other.queryValue(Boolean.class, "SELECT pg_terminate_backend($1)", pid);
                }
                rows.forEachRemaining(r -> { });
            }
        }).isInstanceOf(dev.weft.pg.PgException.class);
        assertThat(conn.isUsable()).isFalse();
    }
}
