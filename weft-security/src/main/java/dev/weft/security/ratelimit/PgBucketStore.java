package dev.weft.security.ratelimit;

import dev.weft.pg.Row;
import dev.weft.pg.migrate.Migration;
import dev.weft.pg.migrate.Migrations;
import dev.weft.pg.pool.PgPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets in PostgreSQL, so that every instance of a service shares one bucket per key. Each
 * take is one {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING} that refills the bucket by the
 * database's clock and takes the tokens in the same statement: two instances never both spend the last
 * token, and their own clocks do not matter. The table, {@code rate_limit_buckets}, lives in a schema of
 * its own (default {@value #DEFAULT_SCHEMA}) made by {@link #migrate()}; rows of buckets that have
 * filled up again are deleted every {@code sweepEvery} takes, or by {@link #sweep()}. Use a pool in
 * autocommit mode (not a transaction, whose statements would hold the bucket's row lock until it ends).
 * Immutable and thread-safe.
 *
 * {@snippet :
 * PgBucketStore store = PgBucketStore.builder(pool).build();
 * store.migrate();                                   // once at startup: schema weft_ratelimit, one table
 * RateLimiter api = RateLimiter.builder("api").capacity(100).refill(100, Duration.ofMinutes(1))
 *         .store(store).build();
 * }
 */
public final class PgBucketStore extends BucketStore {
    /** The schema the table goes in unless the builder names another. */
    public static final String DEFAULT_SCHEMA = "weft_ratelimit";
    private static final String MIGRATION = "V1__create_rate_limit_buckets.sql";

    private final PgPool db;
    private final Migrations migrations;
    private final int sweepEvery;
    private final String takeSql;
    private final String peekSql;
    private final String sweepSql;
    private final AtomicLong takes = new AtomicLong();

    private PgBucketStore(PgPool db, String schema, int sweepEvery) {
        this.db = db;
        this.migrations = Migrations.of(List.of(Migration.of(MIGRATION, script()))).inSchema(schema);
        this.sweepEvery = sweepEvery;
        String table = schema + ".rate_limit_buckets";
        // $1 key, $2 capacity, $3 tokens per second, $4 cost. statement_timestamp() is one instant for the
        // whole statement; a take that waited for the row lock may see an instant before the row's
        // update, so elapsed time is never negative and updated_at never goes back.
        String refilled = "least($2::float8, b.tokens + greatest(0, extract(epoch FROM statement_timestamp() - b.updated_at)::float8) * $3::float8)";
        String since = "greatest(b.updated_at, statement_timestamp())";
        this.takeSql = "INSERT INTO " + table + " AS b (key, tokens, updated_at, full_at) "
                + "VALUES ($1::text, $2::float8 - $4::float8, statement_timestamp(), "
                + "statement_timestamp() + make_interval(secs => $4::float8 / $3::float8)) "
                + "ON CONFLICT (key) DO UPDATE SET tokens = " + refilled + " - $4::float8, updated_at = " + since
                + ", full_at = " + since + " + make_interval(secs => ($2::float8 - (" + refilled + " - $4::float8)) / $3::float8) "
                + "WHERE " + refilled + " >= $4::float8 RETURNING tokens";
        this.peekSql = "SELECT " + refilled + " FROM " + table + " b WHERE b.key = $1::text";
        this.sweepSql = "DELETE FROM " + table + " WHERE full_at < statement_timestamp()";
    }

    /** A builder for a store that works through {@code pool}. */
    public static Builder builder(PgPool pool) {
        return new Builder(Objects.requireNonNull(pool, "pool"));
    }

    /** Creates the schema and table if they are missing (weft-pg's {@link Migrations}, under an advisory lock). */
    public void migrate() {
        migrations.migrate(db);
    }

    /** The store's migrations, for a deployment that applies them with its own. */
    public Migrations migrations() {
        return migrations;
    }

    /** Deletes the rows of buckets that have filled up again, and returns how many. */
    public long sweep() {
        return db.execute(sweepSql);
    }

    @Override
    Take take(String key, double capacity, double ratePerSecond, long cost) {
        if (takes.incrementAndGet() % sweepEvery == 0) {
            sweep();
        }
        List<Row> taken = db.query(takeSql, key, capacity, ratePerSecond, (double) cost);
        if (!taken.isEmpty()) {
            return new Take(true, taken.getFirst().getDouble(0));
        }
        // Refused: the statement changed nothing, so read what the bucket holds for the headers. A row
        // swept in between reads as empty, which errs on the side of the limit.
        List<Row> bucket = db.query(peekSql, key, capacity, ratePerSecond);
        return new Take(false, bucket.isEmpty() ? 0 : bucket.getFirst().getDouble(0));
    }

    private static String script() {
        try (InputStream in = PgBucketStore.class.getResourceAsStream(MIGRATION)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + MIGRATION + " beside " + PgBucketStore.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MIGRATION, e);
        }
    }

    /** Settings for a {@link PgBucketStore}. Not thread-safe. */
    public static final class Builder {
        private final PgPool db;
        private String schema = DEFAULT_SCHEMA;
        private int sweepEvery = 10_000;

        private Builder(PgPool db) {
            this.db = db;
        }

        /** The schema that holds the table (default {@value #DEFAULT_SCHEMA}); a lower-case identifier. */
        public Builder schema(String name) {
            schema = name;
            return this;
        }

        /** Sweep full buckets' rows after every this many takes (default 10,000). */
        public Builder sweepEvery(int takes) {
            if (takes <= 0) {
                throw new IllegalArgumentException("sweepEvery <= 0: " + takes);
            }
            sweepEvery = takes;
            return this;
        }

        /** The store; the schema name is checked here. */
        public PgBucketStore build() {
            return new PgBucketStore(db, schema, sweepEvery);
        }
    }
}
