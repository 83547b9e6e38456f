package dev.weft.examples.db;

import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.migrate.MigrationReport;
import dev.weft.pg.migrate.Migrations;
import dev.weft.pg.pool.PgPool;

/**
 * Where the demo keeps its data: schema {@value #SCHEMA} of the database it is given, built by the
 * migration files in {@code dev/weft/examples/db/migration} (table {@code users} and its seed rows, and
 * the history table {@code weft_schema_history}). Nothing is created in any other schema, so pointing
 * {@code DATABASE_URL} at a database in use leaves its tables alone. Stateless.
 *
 * {@snippet :
 * PgPool pool = DemoSchema.openPool("postgresql://app:secret@localhost/app"); // migrated, search_path set
 * }
 */
public final class DemoSchema {
    /** The schema the demo creates and works in. */
    public static final String SCHEMA = "weft_demo";
    /** The demo's migration files, applied in {@link #SCHEMA}. */
    public static final Migrations MIGRATIONS = Migrations
            .fromClasspath("dev/weft/examples/db/migration", DemoSchema.class.getClassLoader())
            .inSchema(SCHEMA);
    private static final System.Logger LOG = System.getLogger("dev.weft.examples");

    private DemoSchema() {
    }

    /**
     * Opens a pool whose sessions see {@link #SCHEMA} only, and applies the pending migrations; a pool
     * that fails to migrate is closed before the failure is rethrown.
     */
    public static PgPool openPool(String databaseUrl) {
        PgPool pool = connect(databaseUrl);
        try {
            MigrationReport report = MIGRATIONS.migrate(pool);
            LOG.log(System.Logger.Level.INFO, "schema " + SCHEMA + ": " + report);
            return pool;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Opens a pool whose sessions see {@link #SCHEMA} only, without migrating: for a URL that goes through
     * a transaction-mode pooler, where the migrations' session lock cannot be held (migrate through a
     * direct URL with {@link #openPool}). The search path is a startup parameter, so pgbouncer must pass
     * it on ({@code track_extra_parameters}, 1.20+) or set it itself (docs/deploy.md).
     */
    public static PgPool connect(String databaseUrl) {
        PgConnectOptions options = PgConnectOptions.parse(databaseUrl).toBuilder()
                .serverSetting("search_path", SCHEMA)
                .build();
        return PgPool.open(options, cfg -> { });
    }
}
