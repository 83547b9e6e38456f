package dev.weft.pg.connection;

import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.Column;
import dev.weft.pg.Notification;
import dev.weft.pg.Row;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.error.DivisionByZero;
import dev.weft.pg.error.SyntaxError;
import dev.weft.pg.error.UniqueViolation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryTest extends OneConnectionTest {
    QueryTest(TestDatabase db) {
        super(db);
        conn.execute("DROP TABLE IF EXISTS users; CREATE TABLE users(id bigint PRIMARY KEY, name text NOT NULL, created_at date, score int)");
        conn.execute("DELETE FROM users");
    }

    record User(long id, String name, Integer score) {
    }

    @Test
    void queryFamilyReturnsRowsOneRowAndValues() {
        assertThat(conn.executeBatch("INSERT INTO users(id, name, score) VALUES ($1, $2, $3)",
                List.of(new Object[]{1L, "ann", 10}, new Object[]{2L, "bob", null}, new Object[]{3L, "cy", 30})))
                .containsExactly(1, 1, 1);
        List<Row> rows = conn.query("SELECT id, name, score FROM users WHERE id >= $1 ORDER BY id", 2L);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getLong("id")).isEqualTo(2);
        assertThat(rows.get(0).getString(1)).isEqualTo("bob");
        assertThat(rows.get(0).isNull("score")).isTrue();
        assertThat(rows.get(0).get("score", Integer.class)).isNull();
        assertThat(rows.get(1).getInt("score")).isEqualTo(30);
        assertThat(rows.get(0).columns()).extracting(Column::name).containsExactly("id", "name", "score");
        assertThat(rows.get(0).columns().get(0).typeOid()).isEqualTo(20);
        assertThat(conn.queryOne("SELECT name FROM users WHERE id = $1", 1L).getString("name")).isEqualTo("ann");
        assertThat(conn.queryOne("SELECT name FROM users WHERE id = $1", 99L)).isNull();
        // queryOne asks the server for one row only (Execute with a row limit)
        assertThat(conn.queryOne("SELECT g FROM generate_series(1, 5000000) g").getInt(0)).isEqualTo(1);
        assertThat(conn.queryValue(Long.class, "SELECT count(*) FROM users")).isEqualTo(3L);
        assertThat(conn.queryValue(String.class, "SELECT name FROM users WHERE id = $1", 404L)).isNull();
        assertThat(conn.execute("UPDATE users SET score = score + $1 WHERE score IS NOT NULL", 1)).isEqualTo(2);
    }

    @Test
    void rowsMapToRecordsByColumnName() {
        conn.execute("INSERT INTO users(id, name, score) VALUES ($1, $2, $3), ($4, $5, $6)", 7L, "gus", 70, 8L, "hal", null);
        List<User> users = conn.query(User.class, "SELECT score, name, id FROM users ORDER BY id");
        assertThat(users).containsExactly(new User(7, "gus", 70), new User(8, "hal", null));
        assertThat(conn.queryOne(User.class, "SELECT * FROM users WHERE id = $1", 8L)).isEqualTo(new User(8, "hal", null));
        assertThat(conn.query(String.class, "SELECT name FROM users ORDER BY id")).containsExactly("gus", "hal");
        assertThatThrownBy(() -> conn.query(User.class, "SELECT id FROM users"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("User.name");
    }

    @Test
    void scriptRunsSeveralStatementsThroughTheSimpleProtocol() {
        long last = conn.execute("CREATE TEMP TABLE s(a int); INSERT INTO s VALUES (1), (2), (3); UPDATE s SET a = a + 1 WHERE a > 1");
        assertThat(last).isEqualTo(2);
        assertThat(conn.queryValue(Long.class, "SELECT sum(a) FROM s")).isEqualTo(8L);
        assertThatThrownBy(() -> conn.execute("SELEC 1")).isInstanceOf(SyntaxError.class);
    }

    @Test
    void errorsCarryEveryServerField() {
        conn.execute("INSERT INTO users(id, name) VALUES ($1, $2)", 20L, "x");
        var error = catchUnique(() -> conn.execute("INSERT INTO users(id, name) VALUES ($1, $2)", 20L, "y"));
        ServerMessage f = error.fields();
        assertThat(f.sqlState()).isEqualTo("23505");
        assertThat(f.severity()).isEqualTo("ERROR");
        assertThat(f.constraint()).isEqualTo("users_pkey");
        assertThat(f.table()).isEqualTo("users");
        assertThat(f.schema()).isEqualTo("public");
        assertThat(f.detail()).contains("(id)=(20)");
        assertThat(f.routine()).isNotBlank();
        assertThatThrownBy(() -> conn.query("SELECT 1 / $1", 0)).isInstanceOf(DivisionByZero.class);
        assertThat(conn.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
    }

    private static UniqueViolation catchUnique(Runnable r) {
        try {
            r.run();
        } catch (UniqueViolation e) {
            return e;
        }
        throw new AssertionError("no UniqueViolation");
    }

    @Test
    void wrongArgumentCountIsAClearError() {
        assertThatThrownBy(() -> conn.query("SELECT $1::int + $2::int", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 parameter(s) but 1 argument(s)");
    }

    @Test
    void preparedStatementReportsTypesAndRunsRepeatedly() {
        try (var find = conn.prepare("SELECT name, score FROM users WHERE id = $1")) {
            assertThat(find.parameterTypes()).containsExactly(20);
            assertThat(find.columns()).extracting(Column::name).containsExactly("name", "score");
            conn.execute("INSERT INTO users(id, name, score) VALUES ($1, $2, $3)", 30L, "pat", 3);
            assertThat(find.queryValue(String.class, 30L)).isEqualTo("pat");
            assertThat(find.queryOne(31L)).isNull();
            find.close();
            assertThatThrownBy(() -> find.query(30L)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void statementCacheIsBoundedAndEvictedStatementsAreClosedOnTheServer() {
        try (var small = Db.connect(db, b -> b.statementCacheSize(2))) {
            for (int i = 0; i < 6; i++) {
                assertThat(small.queryValue(Integer.class, "SELECT " + i + " + $1::int", 1)).isEqualTo(i + 1);
            }
            long prepared = small.queryValue(Long.class, "SELECT count(*) FROM pg_prepared_statements");
            assertThat(prepared).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void unnamedStatementsWorkWithTheCacheOff() {
        try (var pgbouncerStyle = Db.connect(db, b -> b.statementCacheSize(0))) {
            for (int i = 0; i < 3; i++) {
                assertThat(pgbouncerStyle.queryValue(Integer.class, "SELECT $1::int * 3", i)).isEqualTo(3 * i);
            }
            assertThat(pgbouncerStyle.queryValue(Long.class, "SELECT count(*) FROM pg_prepared_statements")).isZero();
            pgbouncerStyle.execute("CREATE TEMP TABLE shape(a int)");
            pgbouncerStyle.execute("INSERT INTO shape VALUES ($1)", 1);
            assertThat(pgbouncerStyle.query("SELECT * FROM shape").getFirst().size()).isEqualTo(1);
            pgbouncerStyle.execute("ALTER TABLE shape ADD COLUMN b text DEFAULT 'x'");
            assertThat(pgbouncerStyle.query("SELECT * FROM shape").getFirst().getString("b")).isEqualTo("x");
            // A changed result type is read from the portal's description; the statement is not run twice.
            assertThat(pgbouncerStyle.query("INSERT INTO shape(a) VALUES ($1) RETURNING *", 2)).hasSize(1);
            pgbouncerStyle.execute("ALTER TABLE shape ADD COLUMN c int DEFAULT 7");
            Row inserted = pgbouncerStyle.query("INSERT INTO shape(a) VALUES ($1) RETURNING *", 3).getFirst();
            assertThat(inserted.getInt("c")).isEqualTo(7);
            assertThat(pgbouncerStyle.queryValue(Long.class, "SELECT count(*) FROM shape WHERE a = $1", 3)).isEqualTo(1L);
        }
    }

    @Test
    void changedResultTypeIsReprepareAndRetriedOnce() {
        conn.execute("CREATE TEMP TABLE evolving(a int)");
        conn.execute("INSERT INTO evolving VALUES ($1)", 5);
        assertThat(conn.query("SELECT * FROM evolving").getFirst().size()).isEqualTo(1);
        conn.execute("ALTER TABLE evolving ADD COLUMN b int DEFAULT 6");
        Row row = conn.query("SELECT * FROM evolving").getFirst();
        assertThat(row.size()).isEqualTo(2);
        assertThat(row.getInt("b")).isEqualTo(6);
    }

    @Test
    void parameterStatusNoticesAndNotificationsAreDelivered() throws InterruptedException {
        assertThat(conn.parameter("server_version")).isNotBlank();
        assertThat(conn.parameter("client_encoding")).isEqualTo("UTF8");
        conn.execute("SET TimeZone = 'Asia/Tokyo'");
        assertThat(conn.parameter("TimeZone")).isEqualTo("Asia/Tokyo");

        var notices = new CopyOnWriteArrayList<ServerMessage>();
        conn.onNotice(notices::add);
        conn.execute("DO $$ BEGIN RAISE NOTICE 'hello %', 42; END $$");
        assertThat(notices).extracting(ServerMessage::message).contains("hello 42");

        var notes = new CopyOnWriteArrayList<Notification>();
        conn.onNotification(notes::add);
        conn.execute("LISTEN weft_events");
        try (var other = Db.connect(db)) {
            other.execute("SELECT pg_notify($1, $2)", "weft_events", "payload-1");
        }
        // While nobody queries, the reader thread reads, so a notification arrives without any query on this connection.
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (notes.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(notes).extracting(Notification::channel, Notification::payload)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("weft_events", "payload-1"));
    }

    @Test
    void typesFoundThroughTheCatalogDecode() {
        conn.execute("DROP TYPE IF EXISTS mood CASCADE; CREATE TYPE mood AS ENUM ('sad', 'happy'); "
                + "DROP DOMAIN IF EXISTS positive; CREATE DOMAIN positive AS int CHECK (VALUE > 0)");
        assertThat(conn.queryValue(String.class, "SELECT 'happy'::mood")).isEqualTo("happy");
        assertThat(conn.queryValue(Integer.class, "SELECT 5::positive")).isEqualTo(5);
        assertThat(conn.queryValue(List.class, "SELECT ARRAY['sad', 'happy']::mood[]")).containsExactly("sad", "happy");
        assertThat(conn.queryValue(String.class, "SELECT $1::mood::text", "sad")).isEqualTo("sad");
    }
}
