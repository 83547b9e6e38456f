package dev.weft.pg.connection;

import dev.weft.core.Deadline;
import dev.weft.core.DeadlineExceeded;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgException;
import dev.weft.pg.Row;
import dev.weft.pg.RowStream;
import dev.weft.pg.TransactionStatus;
import dev.weft.pg.error.BadCopyFileFormat;
import dev.weft.pg.error.CheckViolation;
import dev.weft.pg.error.QueryCanceled;
import dev.weft.pg.error.UniqueViolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CopyTest extends OneConnectionTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");

    record Reading(int id, String label, Instant at) {
    }

    CopyTest(TestDatabase db) {
        super(db);
        conn.execute("DROP TABLE IF EXISTS reading; CREATE TABLE reading(id int PRIMARY KEY, label text CHECK (label <> 'bad'), "
                + "at timestamptz, amount numeric, tags text[], key uuid)");
    }

    private long count() {
        return conn.queryValue(Long.class, "SELECT count(*) FROM reading");
    }

    @Test
    void copiesRecordsInBinaryAndReturnsTheRowCount() {
        var rows = List.of(new Reading(1, "one", T0), new Reading(2, null, T0.plusSeconds(1)), new Reading(3, "drei \"quoted\"", null));

        long copied = conn.copyIn("reading", List.of("id", "label", "at"), rows);

        assertThat(copied).isEqualTo(3);
        assertThat(conn.query(Reading.class, "SELECT id, label, at FROM reading ORDER BY id")).containsExactlyElementsOf(rows);
    }

    @Test
    void copiesObjectArraysAndListsIntoEveryColumnWithTheirTypes() {
        UUID key = UUID.randomUUID();
        List<Object> asList = new ArrayList<>(List.of(2, "two", T0));
        asList.addAll(java.util.Arrays.asList(null, List.of("x"), null));
        var rows = List.<Object>of(new Object[]{1, "one", T0, new BigDecimal("12.50"), List.of("a", "b"), key}, asList);

        assertThat(conn.copyIn("reading", List.of(), rows)).isEqualTo(2);

        Row first = conn.queryOne("SELECT * FROM reading WHERE id = 1");
        assertThat(first.get("amount", BigDecimal.class)).isEqualByComparingTo("12.50");
        assertThat(first.get("tags", List.class)).containsExactly("a", "b");
        assertThat(first.get("key", UUID.class)).isEqualTo(key);
        assertThat(conn.queryOne("SELECT amount, key FROM reading WHERE id = 2").isNull(0)).isTrue();
    }

    @Test
    void quotesTableAndColumnNamesAsIdentifiers() {
        conn.execute("DROP TABLE IF EXISTS \"Odd Table\"; CREATE TABLE \"Odd Table\"(\"select\" int, \"Mixed \"\"Case\"\"\" text)");

        conn.copyIn("public.Odd Table", List.of("select", "Mixed \"Case\""), java.util.Collections.singletonList(new Object[]{7, "x"}));

        assertThat(conn.queryValue(String.class, "SELECT \"Mixed \"\"Case\"\"\" FROM \"Odd Table\" WHERE \"select\" = 7")).isEqualTo("x");
    }

    @Test
    void streamsAnIteratorWithManyChunksAndBoundedMemory() {
        int total = 200_000;
        Iterator<Object> source = IntStream.range(0, total).<Object>mapToObj(i -> new Reading(i, "label " + i, T0.plus(i, ChronoUnit.MICROS))).iterator();

        assertThat(conn.copyIn("reading", List.of("id", "label", "at"), source)).isEqualTo(total);

        assertThat(count()).isEqualTo(total);
        assertThat(conn.queryValue(Instant.class, "SELECT at FROM reading WHERE id = 199999")).isEqualTo(T0.plus(199_999, ChronoUnit.MICROS));
    }

    @Test
    void aBadRowOnOurSideSendsCopyFailKeepsNothingAndLeavesTheConnectionUsable() {
        var rows = new ArrayList<Object>();
        for (int i = 0; i < 50_000; i++) {
            rows.add(new Object[]{i, "ok", T0});
        }
        rows.add(new Object[]{-1, "too", "many", "values"});

        assertThatThrownBy(() -> conn.copyIn("reading", List.of("id", "label", "at"), rows))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 50001 has 4 values but 3 columns");
        assertThat(count()).isZero();
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        assertThat(conn.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
    }

    @Test
    void aValueOfTheWrongTypeNamesTheRowAndColumn() {
        assertThatThrownBy(() -> conn.copyIn("reading", List.of("id", "label"), List.<Object>of(new Object[]{1, "a"}, new Object[]{"two", "b"})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 2, column \"id\"");
        assertThat(count()).isZero();
    }

    @Test
    void anIteratorThatThrowsAbandonsTheCopy() {
        Iterator<Object> failing = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                if (i == 30_000) {
                    throw new IllegalStateException("source broke");
                }
                return new Object[]{i++, "x", null};
            }
        };

        assertThatThrownBy(() -> conn.copyIn("reading", List.of("id", "label", "at"), failing))
                .isInstanceOf(IllegalStateException.class).hasMessage("source broke");
        assertThat(count()).isZero();
        assertThat(conn.ping()).isTrue();
    }

    @Test
    void aConstraintViolationOnTheServerEndsTheCopyCleanly() {
        var rows = IntStream.range(0, 100_000).<Object>mapToObj(i -> new Object[]{i, i == 70_000 ? "bad" : "fine", null}).toList();

        assertThatThrownBy(() -> conn.copyIn("reading", List.of("id", "label", "at"), rows)).isInstanceOf(CheckViolation.class);
        assertThat(count()).isZero();
        assertThat(conn.queryValue(Integer.class, "SELECT 2")).isEqualTo(2);
    }

    @Test
    void aDuplicateKeyInsideATransactionFailsThatTransactionOnly() {
        conn.execute("INSERT INTO reading(id) VALUES (5)");

        assertThatThrownBy(() -> conn.transaction(tx -> {
            tx.execute("INSERT INTO reading(id) VALUES (6)");
            tx.copyIn("reading", List.of("id"), List.<Object>of(new Object[]{7}, new Object[]{5}));
        })).isInstanceOf(UniqueViolation.class);

        assertThat(conn.query("SELECT id FROM reading").stream().map(r -> r.getInt(0)).toList()).containsExactly(5);
    }

    @Test
    void aDeadlineCancelsACopyThatWaitsOnTheServer() {
        conn.execute("CREATE OR REPLACE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN PERFORM pg_sleep(0.05); RETURN NEW; END $$; "
                + "CREATE TRIGGER slow BEFORE INSERT ON reading FOR EACH ROW EXECUTE FUNCTION slow_row()");
        var rows = IntStream.range(0, 1_000).<Object>mapToObj(i -> new Object[]{i, "x", null}).toList();
        long start = System.nanoTime();

        assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(300),
                () -> conn.copyIn("reading", List.of("id", "label", "at"), rows))).isInstanceOf(DeadlineExceeded.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        conn.execute("DROP TRIGGER slow ON reading");
        assertThat(count()).isZero();
        assertThat(conn.queryValue(Integer.class, "SELECT 3")).isEqualTo(3);
    }

    @Test
    void aPerCallTimeoutCancelsACopyOut() {
        var out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> conn.withTimeout(Duration.ofMillis(200))
                .copyOut("COPY (SELECT pg_sleep(30)) TO STDOUT", out)).isInstanceOf(QueryCanceled.class);
        assertThat(conn.queryValue(Integer.class, "SELECT 4")).isEqualTo(4);
    }

    @Test
    void copiesCsvFromAnInputStreamAndBack() {
        String csv = "id,label\n1,\"a, with comma\"\n2,\n3,\"line\nbreak\"\n";

        long in = conn.copyIn("COPY reading (id, label) FROM STDIN (FORMAT csv, HEADER true)",
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
        var out = new ByteArrayOutputStream();
        long outCount = conn.copyOut("COPY (SELECT id, label FROM reading ORDER BY id) TO STDOUT (FORMAT csv, HEADER true)", out);

        assertThat(in).isEqualTo(3);
        assertThat(outCount).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(csv);
    }

    @Test
    void malformedCsvIsTheServersTypedErrorAndKeepsNothing() {
        String csv = "1,ok\n2,ok\nnot-a-number,oops\n";
        assertThatThrownBy(() -> conn.copyIn("COPY reading (id, label) FROM STDIN (FORMAT csv)",
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("not-a-number").extracting(e -> ((dev.weft.pg.PgException) e).sqlState()).isEqualTo("22P02");
        assertThat(count()).isZero();
    }

    @Test
    void anInputStreamThatFailsAbandonsTheCopy() {
        InputStream broken = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (sent++ > 0) {
                    throw new IOException("disk gone");
                }
                byte[] line = "1,a\n".getBytes(StandardCharsets.UTF_8);
                System.arraycopy(line, 0, b, off, line.length);
                return line.length;
            }
        };
        assertThatThrownBy(() -> conn.copyIn("COPY reading (id, label) FROM STDIN (FORMAT csv)", broken))
                .isInstanceOf(java.io.UncheckedIOException.class).hasRootCauseMessage("disk gone");
        assertThat(count()).isZero();
    }

    @Test
    void binaryDataThatIsNotCopyFormatIsRejectedByTheServer() {
        assertThatThrownBy(() -> conn.copyIn("COPY reading (id) FROM STDIN (FORMAT binary)",
                new ByteArrayInputStream("garbage".getBytes(StandardCharsets.UTF_8)))).isInstanceOf(BadCopyFileFormat.class);
        assertThat(conn.ping()).isTrue();
    }

    @Test
    void theWrongDirectionIsAClearErrorAndTheConnectionStaysUsable() {
        conn.execute("INSERT INTO reading(id) SELECT generate_series(1, 10)");
        assertThatThrownBy(() -> conn.copyIn("COPY reading TO STDOUT", new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FROM STDIN");
        assertThatThrownBy(() -> conn.copyOut("COPY reading FROM STDIN", new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TO STDOUT");
        assertThat(count()).isEqualTo(10);
    }

    @Test
    void aFailingOutputStreamStopsTheCopyOut() {
        conn.execute("INSERT INTO reading(id, label) SELECT i, repeat('x', 100) FROM generate_series(1, 100000) i");
        OutputStream failing = new OutputStream() {
            int writes;

            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++writes == 10) {
                    throw new IOException("target full");
                }
            }
        };
        assertThatThrownBy(() -> conn.copyOut("COPY reading TO STDOUT", failing)).hasRootCauseMessage("target full");
        assertThat(conn.queryValue(Integer.class, "SELECT 5")).isEqualTo(5);
    }

    @Test
    void copyOutRowsDecodesBinaryCopyWithTheCodecs() {
        var rows = List.of(new Reading(1, "one", T0), new Reading(2, null, null));
        conn.copyIn("reading", List.of("id", "label", "at"), rows);

        var read = new ArrayList<Reading>();
        try (RowStream stream = conn.copyOutRows("SELECT id, label, at FROM reading ORDER BY id")) {
            stream.forEachRemaining(r -> read.add(new Reading(r.getInt(0), r.getString("label"), r.get(2, Instant.class))));
        }

        assertThat(read).containsExactlyElementsOf(rows);
        assertThat(conn.queryValue(Integer.class, "SELECT 6")).isEqualTo(6);
    }

    @Test
    void copyOutRowsOfAnEmptyResultIsEmpty() {
        try (RowStream stream = conn.copyOutRows("SELECT id FROM reading")) {
            assertThat(stream.hasNext()).isFalse();
        }
    }

    @Test
    void closingCopyOutRowsEarlyReleasesTheConnection() {
        try (RowStream stream = conn.copyOutRows("SELECT i, 'row ' || i FROM generate_series(1, 2000000) i")) {
            assertThat(stream.next().getInt(0)).isEqualTo(1);
            assertThat(stream.next().getString(1)).isEqualTo("row 2");
        }
        assertThat(conn.queryValue(Integer.class, "SELECT 7")).isEqualTo(7);
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
    }

    @Test
    void copyHasExclusiveUseWhileOtherCallersWait() throws Exception {
        var source = IntStream.range(0, 100_000).<Object>mapToObj(i -> new Object[]{i, "x", null}).iterator();
        var answers = new java.util.concurrent.CopyOnWriteArrayList<Integer>();
        Thread other = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 50; i++) {
                answers.add(conn.queryValue(Integer.class, "SELECT $1::int", i));
            }
        });
        assertThat(conn.copyIn("reading", List.of("id", "label", "at"), source)).isEqualTo(100_000);
        other.join(Duration.ofSeconds(30));
        assertThat(other.isAlive()).isFalse();
        assertThat(answers).containsExactlyElementsOf(IntStream.range(0, 50).boxed().toList());
        assertThat(count()).isEqualTo(100_000);
    }

    @Test
    @Timeout(30)
    void aBackendKilledMidCopyFailsTheCopyInsteadOfHanging() {
        int pid = conn.processId();
        Iterator<Object> source = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < 2_000_000;
            }

            @Override
            public Object next() {
                if (i == 20_000) {
                    try (var other = Db.connect(db)) {
                        other.queryValue(Boolean.class, "SELECT pg_terminate_backend($1)", pid);
                    }
                }
                return new Object[]{i++, "x", null};
            }
        };

        assertThatThrownBy(() -> conn.copyIn("reading", List.of("id", "label", "at"), source)).isInstanceOf(PgException.class);
        assertThat(conn.isUsable()).isFalse();
        try (var other = Db.connect(db)) {
            assertThat(other.queryValue(Long.class, "SELECT count(*) FROM reading")).isZero();
        }
    }

    @Test
    void aTimeoutWhileTheCopyWaitsForALockCancelsIt() throws Exception {
        var locked = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> {
            try (var other = Db.connect(db)) {
                other.transaction(tx -> {
                    tx.execute("LOCK TABLE reading IN ACCESS EXCLUSIVE MODE");
                    locked.countDown();
                    release.await();
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        locked.await();
        try {
            assertThatThrownBy(() -> conn.withTimeout(Duration.ofMillis(300)).copyIn("COPY reading (id) FROM STDIN (FORMAT csv)",
                    new ByteArrayInputStream("1\n2\n".getBytes(StandardCharsets.UTF_8)))).isInstanceOf(QueryCanceled.class);
            // The row form describes the table first, which waits for the same lock and is cancelled the same way.
            assertThatThrownBy(() -> conn.withTimeout(Duration.ofMillis(300))
                    .copyIn("reading", List.of("id"), List.<Object>of(new Object[]{1}, new Object[]{2}))).isInstanceOf(QueryCanceled.class);
        } finally {
            release.countDown();
            holder.join();
        }
        assertThat(conn.queryValue(Integer.class, "SELECT 8")).isEqualTo(8);
        assertThat(count()).isZero();
    }
}
