package dev.weft.pg.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;
import dev.weft.pg.error.UndefinedTable;
import dev.weft.pg.pool.PgPool;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations on a real PostgreSQL as an unprivileged role: applied once and in order, recorded with
 * checksums, refused when an applied file changed or a new one comes too late, rolled back when a file
 * fails. Each test works in a schema of its own, dropped afterwards; the lock has tests of its own.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class MigrationsTest {
    private final TestDatabase db;
    private final String uri;
    @TempDir
    Path files;
    private PgConnection connection;

    MigrationsTest(TestDatabase db) {
        this.db = db;
        this.uri = db.uri("scram_user", "scram_pass");
        db.execute("GRANT CREATE ON DATABASE " + db.name() + " TO scram_user");
    }

    @BeforeEach
    void connect() {
        connection = PgConnection.connect(uri);
    }

    @AfterEach
    void dropSchemas() {
        connection.close();
        db.execute("DROP SCHEMA IF EXISTS m_order, m_changed, m_failing, m_late, m_classpath, m_jar, m_commit CASCADE;"
                + " DROP TABLE IF EXISTS public.weft_schema_history, public.plain");
    }

    @Test
    void appliesEachFileOnceInOrderAndRecordsItsChecksum() throws IOException {
        write("V1__create_items.sql", "CREATE TABLE items (id integer PRIMARY KEY, label text);");
        write("V2__seed_items.sql", "INSERT INTO items VALUES (1, 'one');\r\nINSERT INTO items VALUES (2, 'two');");
        write("V10__add_price.sql", "ALTER TABLE items ADD COLUMN price numeric;");
        Migrations migrations = Migrations.fromDirectory(files).inSchema("m_order");
        assertThat(migrations.migrations()).extracting(Migration::version).containsExactly(1, 2, 10);
        assertThat(migrations.pending(connection)).hasSize(3);

        MigrationReport first = migrations.migrate(connection);
        assertThat(first.applied()).extracting(Migration::script)
                .containsExactly("V1__create_items.sql", "V2__seed_items.sql", "V10__add_price.sql");
        assertThat(first.alreadyApplied()).isZero();
        assertThat(connection.queryValue(Long.class, "SELECT count(*) FROM m_order.items WHERE price IS NULL")).isEqualTo(2);
        assertThat(db.query("SELECT version, description, checksum FROM m_order.weft_schema_history ORDER BY version"))
                .containsExactly(
                        List.of("1", "create items", migrations.migrations().get(0).checksum()),
                        List.of("2", "seed items", migrations.migrations().get(1).checksum()),
                        List.of("10", "add price", migrations.migrations().get(2).checksum()));

        MigrationReport again = migrations.migrate(connection);
        assertThat(again.applied()).isEmpty();
        assertThat(again.alreadyApplied()).isEqualTo(3);
        assertThat(migrations.pending(connection)).isEmpty();
        assertThat(db.query("SELECT count(*) FROM m_order.items")).containsExactly(List.of("2"));
    }

    @Test
    void lineEndingsDoNotChangeTheChecksum() {
        assertThat(Migration.of("V1__a.sql", "SELECT 1;\r\nSELECT 2;\r\n").checksum())
                .isEqualTo(Migration.of("V1__a.sql", "SELECT 1;\nSELECT 2;\n").checksum())
                .isNotEqualTo(Migration.of("V1__a.sql", "SELECT 1;\nSELECT 3;\n").checksum());
    }

    @Test
    void withoutASchemaTheFilesAndHistoryUseTheSearchPath() throws IOException {
        write("V1__plain.sql", "CREATE TABLE plain (id integer);");
        assertThat(Migrations.fromDirectory(files).migrate(connection).applied()).hasSize(1);
        assertThat(db.query("SELECT to_regclass('public.plain') IS NOT NULL, to_regclass('public.weft_schema_history') IS NOT NULL"))
                .containsExactly(List.of("t", "t"));
    }

    @Test
    void aChangedAppliedFileStopsStartUpNamingTheFileAndAppliesNothing() throws IOException {
        write("V1__create_t.sql", "CREATE TABLE t (id integer);");
        Migrations.fromDirectory(files).inSchema("m_changed").migrate(connection);
        write("V1__create_t.sql", "CREATE TABLE t (id bigint);");
        write("V2__create_u.sql", "CREATE TABLE u (id integer);");

        assertThatThrownBy(() -> Migrations.fromDirectory(files).inSchema("m_changed").migrate(connection))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.script()).isEqualTo("V1__create_t.sql"))
                .hasMessageStartingWith("V1__create_t.sql was changed after it was applied")
                .hasMessageContaining("Restore the applied text");
        assertThat(db.query("SELECT to_regclass('m_changed.u') IS NULL")).containsExactly(List.of("t"));
        assertThat(connection.queryValue(Boolean.class, "SELECT pg_try_advisory_lock(1) AND pg_advisory_unlock(1)"))
                .as("the session is still usable").isTrue();
    }

    @Test
    void aFailingFileRollsBackNamesTheFileAndTheServerErrorAndStopsTheRun() throws IOException {
        write("V1__create_a.sql", "CREATE TABLE a (id integer);");
        write("V2__broken.sql", "CREATE TABLE b (id integer);\nINSERT INTO no_such_table VALUES (1);");
        write("V3__create_c.sql", "CREATE TABLE c (id integer);");
        Migrations migrations = Migrations.fromDirectory(files).inSchema("m_failing");

        assertThatThrownBy(() -> migrations.migrate(connection))
                .isInstanceOfSatisfying(MigrationException.class, e -> {
                    assertThat(e.script()).isEqualTo("V2__broken.sql");
                    assertThat(e.sqlState()).isEqualTo("42P01");
                    assertThat(e.getCause()).isInstanceOf(UndefinedTable.class);
                })
                .hasMessageStartingWith("V2__broken.sql failed and was rolled back: ERROR 42P01: relation \"no_such_table\" does not exist");
        assertThat(db.query("SELECT to_regclass('m_failing.a') IS NOT NULL, to_regclass('m_failing.b') IS NULL,"
                + " to_regclass('m_failing.c') IS NULL")).containsExactly(List.of("t", "t", "t"));
        assertThat(db.query("SELECT version FROM m_failing.weft_schema_history")).containsExactly(List.of("1"));

        write("V2__broken.sql", "CREATE TABLE b (id integer);");
        MigrationReport fixed = Migrations.fromDirectory(files).inSchema("m_failing").migrate(connection);
        assertThat(fixed.applied()).extracting(Migration::version).containsExactly(2, 3);
    }

    @Test
    void aNewFileNumberedBelowAnAppliedOneIsRefused() throws IOException {
        write("V1__a.sql", "CREATE TABLE a (id integer);");
        write("V3__c.sql", "CREATE TABLE c (id integer);");
        Migrations.fromDirectory(files).inSchema("m_late").migrate(connection);
        write("V2__b.sql", "CREATE TABLE b (id integer);");

        assertThatThrownBy(() -> Migrations.fromDirectory(files).inSchema("m_late").migrate(connection))
                .isInstanceOf(MigrationException.class)
                .hasMessage("V2__b.sql is not applied, but version 3 already is: number new migrations above every"
                        + " applied one (e.g. V4__b.sql)");
    }

    @Test
    void aFileThatCommitsItselfIsRefused() throws IOException {
        write("V1__commits.sql", "CREATE TABLE x (id integer); COMMIT;");
        assertThatThrownBy(() -> Migrations.fromDirectory(files).inSchema("m_commit").migrate(connection))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("V1__commits.sql ended its own transaction");
        assertThat(db.query("SELECT count(*) FROM m_commit.weft_schema_history")).containsExactly(List.of("0"));
    }

    @Test
    void readsFilesFromADirectoryOnTheClassPath() {
        Migrations migrations = Migrations.fromClasspath("dev/weft/pg/migrate/sample").inSchema("m_classpath");
        assertThat(migrations.migrate(connection).applied()).extracting(Migration::script)
                .containsExactly("V1__create_notes.sql", "V2__seed_notes.sql");
        assertThat(db.query("SELECT body FROM m_classpath.notes")).containsExactly(List.of("from the class path"));
    }

    @Test
    void readsFilesFromAJarOnTheClassPath() throws IOException {
        Path jar = files.resolve("migrations.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String directory : List.of("db/", "db/migration/", "db/migration/nested/", "db/other/")) {
                out.putNextEntry(new JarEntry(directory)); // as Maven writes them
                out.closeEntry();
            }
            entry(out, "db/migration/V1__create_t.sql", "CREATE TABLE t (id integer);");
            entry(out, "db/migration/V2__fill_t.sql", "INSERT INTO t VALUES (42);");
            entry(out, "db/migration/nested/V3__ignored.sql", "SELECT 1;");
            entry(out, "db/other/V9__elsewhere.sql", "SELECT 1;");
        }
        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Migrations migrations = Migrations.fromClasspath("/db/migration/", loader).inSchema("m_jar");
            assertThat(migrations.migrate(connection).applied()).extracting(Migration::version).containsExactly(1, 2);
        }
        assertThat(db.query("SELECT id FROM m_jar.t")).containsExactly(List.of("42"));
    }

    @Test
    void badFileSetsAreRefusedBeforeAnyDatabaseWork() throws IOException {
        assertThatThrownBy(() -> Migrations.fromDirectory(files))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no migration files");
        assertThatThrownBy(() -> Migrations.fromClasspath("no/such/place"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no migrations at class-path location no/such/place");
        write("V1_create.sql", "SELECT 1;");
        assertThatThrownBy(() -> Migrations.fromDirectory(files))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a migration file name: V1_create.sql (expected V<number>__<description>.sql");
        Files.delete(files.resolve("V1_create.sql"));
        write("V1__a.sql", "SELECT 1;");
        write("V01__b.sql", "SELECT 1;");
        assertThatThrownBy(() -> Migrations.fromDirectory(files))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two migrations with version 1");
        assertThatThrownBy(() -> Migration.of("V2__empty.sql", "  \n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("empty migration: V2__empty.sql");
        assertThatThrownBy(() -> Migrations.of(List.of(Migration.of("V1__a.sql", "SELECT 1"))).inSchema("Bad-Name"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad-Name");
    }

    @Test
    void aPoolLendsOneConnectionForTheWholeRun() throws IOException {
        write("V1__plain.sql", "CREATE TABLE plain (id integer);");
        try (PgPool pool = PgPool.open(uri, cfg -> cfg.maxSize(2))) {
            assertThat(Migrations.fromDirectory(files).migrate(pool).applied()).hasSize(1);
            assertThat(Migrations.fromDirectory(files).pending(pool)).isEmpty();
        }
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(files.resolve(name), sql);
    }

    private static void entry(JarOutputStream jar, String name, String text) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        OutputStream out = jar;
        out.write(text.getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
    }
}
