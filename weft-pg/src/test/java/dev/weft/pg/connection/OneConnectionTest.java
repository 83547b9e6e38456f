package dev.weft.pg.connection;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The set-up of tests that use one plain-TCP connection to the test database: opened per test, closed after it. */
@ExtendWith(EmbeddedPostgresExtension.class)
abstract class OneConnectionTest {
    final TestDatabase db;
    final PgConnection conn;

    OneConnectionTest(TestDatabase db) {
        this.db = db;
        this.conn = Db.connect(db);
    }

    @AfterEach
    final void closeConnection() {
        conn.close();
    }
}
