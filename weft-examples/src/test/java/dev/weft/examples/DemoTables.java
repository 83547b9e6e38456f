package dev.weft.examples;

import dev.weft.examples.db.DemoSchema;
import dev.weft.pg.migrate.Migrations;
import dev.weft.pg.pool.PgPool;

/**
 * The demo's tables for tests that use the stores without the app: the demo's own migrations, applied
 * in the pool's search path (the test database's {@code public}) instead of schema {@code weft_demo}:
 * {@code users}, seeded, and the live feed's change log {@code user_changes}.
 */
public final class DemoTables {
    private DemoTables() {
    }

    /** Creates the demo's tables where {@code pool}'s sessions create tables. */
    public static void create(PgPool pool) {
        Migrations.of(DemoSchema.MIGRATIONS.migrations()).migrate(pool);
    }
}
