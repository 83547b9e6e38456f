package dev.weft.pg.pool;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The set-up of pool tests: the test database, and the suite's leak check after every test. */
@ExtendWith(EmbeddedPostgresExtension.class)
abstract class PoolTest {
    final TestDatabase db;

    PoolTest(TestDatabase db) {
        this.db = db;
    }

    @AfterEach
    final void leavesNoBackends() {
        assertThat(Pools.noBackendsLeft(db)).as("sessions left on the test database").isTrue();
    }
}
