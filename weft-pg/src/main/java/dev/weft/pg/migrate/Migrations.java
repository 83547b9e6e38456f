package dev.weft.pg.migrate;

import dev.weft.pg.PgConnection;
import dev.weft.pg.PgQueries;
import dev.weft.pg.pool.PgPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A set of numbered SQL files ({@code V1__create_users.sql}, {@code V2__add_email_index.sql}, ...) and
 * the schema they build. {@link #migrate} applies the files a database has not seen yet, in order, each
 * in a transaction of its own, and records each in the table {@value #HISTORY_TABLE} with its
 * checksum. It holds a PostgreSQL advisory lock while it works, so instances that start together apply
 * each file once: the first migrates, the others wait and then find nothing to do. A file changed after
 * it was applied, or a new file numbered below one already applied, stops it with a
 * {@link MigrationException} naming the file, before anything is applied. Immutable and thread-safe.
 *
 * {@snippet :
 * Migrations migrations = Migrations.fromClasspath("db/migration")  // V1__create_users.sql, ...
 *         .inSchema("app");                                         // optional: CREATE SCHEMA, search_path
 * MigrationReport report = migrations.migrate(pool);
 * System.out.println(report);           // applied [V1__create_users.sql], 0 already applied
 * boolean ready = migrations.pending(pool).isEmpty();
 * }
 */
public final class Migrations {
    /** The table, in the migrations' schema (else the first of the search path), that records applied files. */
    public static final String HISTORY_TABLE = "weft_schema_history";
    /** Unquoted PostgreSQL names only: the schema goes into SQL text, where a bind value cannot. */
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(1);

    private final List<Migration> migrations;
    private final String schema;
    private final Duration lockTimeout;

    private Migrations(List<Migration> migrations, String schema, Duration lockTimeout) {
        this.migrations = migrations;
        this.schema = schema;
        this.lockTimeout = lockTimeout;
    }

    /** The {@code .sql} files of {@code directory}; a bad name, a version used twice or no file at all throws {@link IllegalArgumentException}. */
    public static Migrations fromDirectory(Path directory) {
        return new Migrations(MigrationFiles.fromDirectory(directory), null, DEFAULT_LOCK_TIMEOUT);
    }

    /**
     * The {@code .sql} files at {@code location} on the class path of the thread's context class loader
     * (in directories or jars, e.g. {@code db/migration}); errors as {@link #fromDirectory}.
     */
    public static Migrations fromClasspath(String location) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return fromClasspath(location, loader != null ? loader : ClassLoader.getSystemClassLoader());
    }

    /** The {@code .sql} files at {@code location} on {@code loader}'s class path. */
    public static Migrations fromClasspath(String location, ClassLoader loader) {
        return new Migrations(MigrationFiles.fromClasspath(location, loader), null, DEFAULT_LOCK_TIMEOUT);
    }

    /** These migrations (in any order; versions must differ), for files that come from elsewhere. */
    public static Migrations of(List<Migration> migrations) {
        return new Migrations(MigrationFiles.sorted(List.copyOf(migrations), "the list given"), null, DEFAULT_LOCK_TIMEOUT);
    }

    /**
     * The same files, applied in schema {@code name}: it is created when missing, holds the history
     * table, and is the only schema on each file's {@code search_path} (so unqualified names in the
     * files land there). The name must be a lower-case unquoted identifier.
     */
    public Migrations inSchema(String name) {
        if (name == null || !SCHEMA_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("schema must be a lower-case identifier of at most 63 characters: " + name);
        }
        return new Migrations(migrations, name, lockTimeout);
    }

    /** The same files, waiting at most {@code timeout} for another instance's migration lock (default 1 minute). */
    public Migrations lockTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("lock timeout must be positive: " + timeout);
        }
        return new Migrations(migrations, schema, timeout);
    }

    /** Every migration, by version. */
    public List<Migration> migrations() {
        return migrations;
    }

    /** The schema set by {@link #inSchema}, if any. */
    public Optional<String> schema() {
        return Optional.ofNullable(schema);
    }

    /** Applies what is pending on a connection borrowed from {@code pool} for the whole run (the lock is the session's). */
    public MigrationReport migrate(PgPool pool) {
        return pool.withConnection(this::migrate);
    }

    /**
     * Applies what is pending on {@code connection}, which must not be in a transaction. Blocks while
     * another instance holds the lock (at most the lock timeout) and while the files run.
     *
     * @throws MigrationException when a file fails (it is rolled back, later ones are not run), when an
     *                            applied file changed or a new one is numbered too low, or when the lock
     *                            is not granted in time
     */
    public MigrationReport migrate(PgConnection connection) {
        return new MigrationRun(this, connection).run();
    }

    /** The migrations {@code db} has not applied yet (all of them when it has no history table); takes no lock. */
    public List<Migration> pending(PgQueries db) {
        Set<Integer> applied = new HashSet<>(MigrationRun.appliedVersions(db, historyTable()));
        return migrations.stream().filter(m -> !applied.contains(m.version())).toList();
    }

    /** The history table's name, qualified by the schema when there is one. */
    String historyTable() {
        return schema == null ? HISTORY_TABLE : schema + "." + HISTORY_TABLE;
    }

    Duration lockTimeoutValue() {
        return lockTimeout;
    }

    @Override
    public String toString() {
        return "Migrations[" + migrations.size() + " files" + (schema == null ? "" : ", schema " + schema) + "]";
    }
}
