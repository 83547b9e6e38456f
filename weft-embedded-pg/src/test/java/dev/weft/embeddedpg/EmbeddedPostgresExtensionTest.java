package dev.weft.embeddedpg;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.weft.embeddedpg.Jdbc.connect;
import static dev.weft.embeddedpg.Jdbc.queryValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each test class gets a database of its own on the one shared server. */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class EmbeddedPostgresExtensionTest {
    private static final AtomicReference<TestDatabase> FIRST = new AtomicReference<>();

    @Nested
    @Order(1)
    class FirstClass {
        private final TestDatabase fromConstructor;

        FirstClass(TestDatabase db) {
            this.fromConstructor = db;
        }

        @Test
        void constructorAndMethodSeeTheSameFreshDatabase(TestDatabase db, EmbeddedPostgres server) throws SQLException {
            assertThat(db).isEqualTo(fromConstructor);
            assertThat(db.server()).isSameAs(server).isSameAs(EmbeddedPostgres.shared());
            db.execute("CREATE TABLE only_in_first (x int)");
            FIRST.set(db);
            try (var c = connect(server, db.name(), "scram_user", "scram_pass", "disable")) {
                assertThat(queryValue(c, "SELECT current_database()")).isEqualTo(db.name());
                assertThat(queryValue(c, "SELECT count(*) FROM only_in_first")).isEqualTo("0");
            }
        }
    }

    @Nested
    @Order(2)
    class SecondClass {
        @Test
        void getsAnotherDatabaseWhereSharedUsersMayCreateTables(TestDatabase db) throws SQLException {
            TestDatabase first = FIRST.get();
            assertThat(first).isNotNull();
            assertThat(db.name()).isNotEqualTo(first.name());
            assertThat(db.query("SELECT to_regclass('only_in_first') IS NULL")).containsExactly(List.of("t"));
            try (var c = connect(db.server(), db.name(), "md5_user", "md5_pass", "disable");
                 var statement = c.createStatement()) {
                statement.execute("CREATE TABLE mine (x int)");
                assertThat(queryValue(c, "SELECT count(*) FROM mine")).isEqualTo("0");
            }
        }

        @Test
        void theFirstClassDatabaseWasDroppedWhenItsClassEnded() {
            String first = FIRST.get().name();
            assertThat(EmbeddedPostgres.shared().query("postgres",
                    "SELECT count(*) FROM pg_database WHERE datname = '" + first + "'")).containsExactly(List.of("0"));
        }

        @Test
        void uriNamesTheDatabase(TestDatabase db) {
            assertThat(db.uri("scram_user", "scram_pass")).endsWith("/" + db.name());
            assertThat(db.jdbcUrl()).endsWith("/" + db.name());
            assertThat(db.tlsUri("scram_user", "scram_pass")).isEqualTo(db.uri("scram_user", "scram_pass")
                    + "?sslmode=verify-full&sslrootcert=" + db.server().caCertificate().toString().replace("/", "%2F"));
        }
    }

    @Test
    void databaseNamesAreValidIdentifiersWithinTheLimit() {
        class AVeryLongTestClassNameThatGoesOnAndOnAndOnForeverAndEverAndEver {
        }
        String name = EmbeddedPostgresExtension.databaseName(AVeryLongTestClassNameThatGoesOnAndOnAndOnForeverAndEverAndEver.class);
        assertThat(name).matches("t_[a-z0-9_]+_[0-9]+").hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void testDatabaseRejectsAMissingName() {
        assertThatThrownBy(() -> new TestDatabase(EmbeddedPostgres.shared(), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty database name");
    }
}
