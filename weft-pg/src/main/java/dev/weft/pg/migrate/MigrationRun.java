package dev.weft.pg.migrate;

import dev.weft.pg.PgConnection;
import dev.weft.pg.PgException;
import dev.weft.pg.PgQueries;
import dev.weft.pg.Row;
import dev.weft.pg.TransactionStatus;
import dev.weft.pg.error.LockNotAvailable;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link Migrations#migrate} call on one connection: take the advisory lock, make the history
 * table, check what was applied against the files, apply the rest one transaction each, release the
 * lock. The lock is a session lock, so the connection must stay the same from start to end.
 */
final class MigrationRun {
    private static final System.Logger LOG = System.getLogger("dev.weft.pg.migrate");

    private final Migrations migrations;
    private final PgConnection connection;
    private final String table;

    MigrationRun(Migrations migrations, PgConnection connection) {
        this.migrations = migrations;
        this.connection = connection;
        this.table = migrations.historyTable();
    }

    MigrationReport run() {
        if (connection.transactionStatus() != TransactionStatus.IDLE) {
            throw new IllegalStateException("migrations need a connection outside a transaction; this one is "
                    + connection.transactionStatus());
        }
        long key = lockKey(table);
        lock(key);
        try {
            createHistoryTable();
            Map<Integer, Row> applied = applied();
            List<Migration> pending = check(applied);
            List<Migration> done = new ArrayList<>();
            for (Migration migration : pending) {
                apply(migration);
                done.add(migration);
            }
            return new MigrationReport(done, migrations.migrations().size() - pending.size());
        } finally {
            if (connection.isUsable()) {
                connection.execute("SELECT pg_advisory_unlock($1)", key);
            } // else the session is gone, and its lock with it
        }
    }

    /** The versions recorded in {@code table}, none when it does not exist. */
    static List<Integer> appliedVersions(PgQueries db, String table) {
        if (db.queryValue(Boolean.class, "SELECT to_regclass($1) IS NULL", table)) {
            return List.of();
        }
        return db.query("SELECT version FROM " + table).stream().map(row -> row.getInt(0)).toList();
    }

    /** Waits for the lock at most the lock timeout, then puts the session's own {@code lock_timeout} back. */
    private void lock(long key) {
        String previous = connection.queryValue(String.class, "SELECT current_setting('lock_timeout')");
        connection.execute("SELECT set_config('lock_timeout', $1, false)", migrations.lockTimeoutValue().toMillis() + "ms");
        try {
            connection.execute("SELECT pg_advisory_lock($1)", key);
        } catch (LockNotAvailable e) {
            throw new MigrationException(null, "another session held the migration lock of " + table + " for more than "
                    + migrations.lockTimeoutValue() + " (see pg_locks where locktype = 'advisory')", e);
        } finally {
            if (connection.isUsable()) {
                connection.execute("SELECT set_config('lock_timeout', $1, false)", previous);
            }
        }
    }

    private void createHistoryTable() {
        // Checked first: CREATE ... IF NOT EXISTS still asks for the CREATE privilege, which a role that
        // only uses an existing schema need not have.
        migrations.schema().ifPresent(schema -> {
            if (connection.queryValue(Boolean.class, "SELECT to_regnamespace($1) IS NULL", schema)) {
                connection.execute("CREATE SCHEMA " + schema);
            }
        });
        if (connection.queryValue(Boolean.class, "SELECT to_regclass($1) IS NULL", table)) {
            connection.execute("CREATE TABLE " + table + " ("
                    + " version integer PRIMARY KEY,"
                    + " description text NOT NULL,"
                    + " script text NOT NULL,"
                    + " checksum text NOT NULL,"
                    + " applied_at timestamptz NOT NULL DEFAULT now(),"
                    + " applied_by text NOT NULL DEFAULT current_user,"
                    + " execution_ms bigint NOT NULL)");
        }
    }

    private Map<Integer, Row> applied() {
        Map<Integer, Row> applied = new LinkedHashMap<>();
        for (Row row : connection.query("SELECT version, script, checksum, applied_at::text AS applied_at FROM "
                + table + " ORDER BY version")) {
            applied.put(row.getInt("version"), row);
        }
        return applied;
    }

    /** The migrations to apply, after checking that none applied has changed and none new comes too late. */
    private List<Migration> check(Map<Integer, Row> applied) {
        int highest = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<Migration> pending = new ArrayList<>();
        for (Migration migration : migrations.migrations()) {
            Row row = applied.get(migration.version());
            if (row == null && migration.version() < highest) {
                throw new MigrationException(migration.script(), migration.script() + " is not applied, but version "
                        + highest + " already is: number new migrations above every applied one (e.g. V"
                        + (highest + 1) + "__" + migration.description().replace(' ', '_') + ".sql)", null);
            }
            if (row == null) {
                pending.add(migration);
            } else if (!row.getString("checksum").equals(migration.checksum())) {
                throw new MigrationException(migration.script(), migration.script() + " was changed after it was applied"
                        + " (as " + row.getString("script") + ", at " + row.getString("applied_at") + "): its checksum is "
                        + migration.checksum() + ", the database recorded " + row.getString("checksum")
                        + ". Restore the applied text and put the change in a new migration.", null);
            }
        }
        return pending;
    }

    private void apply(Migration migration) {
        long start = System.nanoTime();
        connection.execute("BEGIN");
        try {
            migrations.schema().ifPresent(schema -> connection.execute("SET LOCAL search_path TO " + schema));
            connection.execute(migration.sql());
            if (connection.transactionStatus() != TransactionStatus.IN_TRANSACTION) {
                throw new MigrationException(migration.script(), migration.script() + " ended its own transaction"
                        + " (COMMIT or ROLLBACK in the file); what it did before that is committed but not recorded."
                        + " Remove the transaction control from the file.", null);
            }
            connection.execute("INSERT INTO " + table + " (version, description, script, checksum, execution_ms)"
                            + " VALUES ($1, $2, $3, $4, $5)", migration.version(), migration.description(),
                    migration.script(), migration.checksum(), (System.nanoTime() - start) / 1_000_000);
            connection.execute("COMMIT");
        } catch (MigrationException e) {
            rollback(e);
            throw e;
        } catch (PgException e) {
            rollback(e);
            throw new MigrationException(migration.script(), migration.script() + " failed and was rolled back: "
                    + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "applied migration {0} to {1} in {2} ms", migration.script(), table,
                (System.nanoTime() - start) / 1_000_000);
    }

    private void rollback(PgException failure) {
        if (!connection.isUsable() || connection.transactionStatus() == TransactionStatus.IDLE) {
            return; // a broken session rolled back with it; an ended transaction has nothing to roll back
        }
        try {
            connection.execute("ROLLBACK");
        } catch (PgException e) {
            failure.addSuppressed(e);
        }
    }

    /** A lock key of the history table's own, so sets in different schemas of one database do not wait on each other. */
    static long lockKey(String table) {
        return ByteBuffer.wrap(Migration.sha256("dev.weft.pg.migrate:" + table)).getLong();
    }
}
