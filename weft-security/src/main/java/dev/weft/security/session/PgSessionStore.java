package dev.weft.security.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.core.Supervisor;
import dev.weft.pg.Row;
import dev.weft.pg.migrate.Migrations;
import dev.weft.pg.pool.PgPool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link SessionStore} in PostgreSQL through a weft-pg {@link PgPool}: the cookie carries only the
 * session's id (256 random bits), the table {@code <schema>.sessions} keeps the values, and only the
 * SHA-256 of each id, so a copy of the table holds no cookie that works. Sessions survive restarts and
 * are shared by every instance on the database; {@link Session#invalidate()} deletes the row, so a
 * replayed cookie is dead at once.
 *
 * <p>The table comes from the migration files in {@code dev/weft/security/session-migration}, applied in
 * the store's schema (default {@value #DEFAULT_SCHEMA}) with its own history table, so they never mix
 * with the application's migrations; the builder applies them unless told not to ({@link #migrations}
 * gives them to run elsewhere). Expired rows are deleted by {@link #sweep()}, which the store runs every
 * {@code sweepInterval} (10 minutes by default) in a background task that {@link #close()} cancels; the
 * pool stays the caller's to close. Thread-safe.
 *
 * {@snippet :
 * try (PgPool pool = PgPool.open(System.getenv("DATABASE_URL"));
 *      PgSessionStore store = PgSessionStore.builder(pool).build()) {   // migrates weft_session.sessions
 *     var app = WebApp.create().use(Sessions.middleware(store));
 *     // ...
 * }
 * }
 */
public final class PgSessionStore implements SessionStore, AutoCloseable {
    /** The schema the store works in unless told otherwise. */
    public static final String DEFAULT_SCHEMA = "weft_session";
    private static final System.Logger LOG = System.getLogger("dev.weft.security.session");
    /*
     * Not dev/weft/security/session/...: a resource there sits in this module's package and the module
     * system would hide it from the class loader that Migrations asks; a directory whose name is not a
     * package name is readable by anyone.
     */
    private static final String MIGRATIONS = "dev/weft/security/session-migration";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() {
    };

    private final PgPool pool;
    private final String table;
    private final Clock clock;
    private final Supervisor tasks = Supervisor.open("weft-session-sweeper");

    private PgSessionStore(Builder builder) {
        this.pool = builder.pool;
        this.table = builder.schema + ".sessions";
        this.clock = builder.clock;
        if (!builder.sweepInterval.isZero()) {
            tasks.spawn("sweep " + table, () -> sweepEvery(builder.sweepInterval));
        }
    }

    /** A builder for a store on {@code pool}. */
    public static Builder builder(PgPool pool) {
        return new Builder(pool);
    }

    /** The migrations that create the store's table in {@code schema}, for applications that migrate on their own. */
    public static Migrations migrations(String schema) {
        return Migrations.fromClasspath(MIGRATIONS, PgSessionStore.class.getClassLoader()).inSchema(schema);
    }

    @Override
    public Optional<SessionState> load(String cookieName, String cookieValue, Instant now) {
        if (!SessionIds.wellFormed(cookieValue)) {
            LOG.log(System.Logger.Level.DEBUG, "ignoring session cookie " + cookieName + ": not a session id");
            return Optional.empty();
        }
        Row row = pool.queryOne("SELECT data::text, created_at, last_access_at, expires_at FROM " + table
                + " WHERE id_hash = $1 AND expires_at > $2", SessionIds.sha256(cookieValue), now);
        if (row == null) {
            return Optional.empty();
        }
        return Optional.of(new SessionState(cookieValue, values(row.getString(0)), row.get(1, Instant.class),
                row.get(2, Instant.class), row.get(3, Instant.class)));
    }

    @Override
    public Optional<String> save(String cookieName, SessionState state, boolean created) {
        String data = json(state.values());
        byte[] idHash = SessionIds.sha256(state.id());
        if (created) {
            pool.execute("INSERT INTO " + table + " (id_hash, data, created_at, last_access_at, expires_at)"
                            + " VALUES ($1, $2::text::jsonb, $3, $4, $5)",
                    idHash, data, state.createdAt(), state.lastAccessedAt(), state.expiresAt());
            return Optional.of(state.id());
        }
        // An UPDATE, never an upsert: a session deleted by a logout meanwhile must stay dead.
        long updated = pool.execute("UPDATE " + table + " SET data = $2::text::jsonb, last_access_at = $3,"
                + " expires_at = $4 WHERE id_hash = $1", idHash, data, state.lastAccessedAt(), state.expiresAt());
        return updated == 1 ? Optional.of(state.id()) : Optional.empty();
    }

    @Override
    public void delete(SessionState state) {
        pool.execute("DELETE FROM " + table + " WHERE id_hash = $1", SessionIds.sha256(state.id()));
    }

    /** Deletes the sessions expired by now and returns how many; blocks for one statement. */
    public long sweep() {
        return pool.execute("DELETE FROM " + table + " WHERE expires_at <= $1", clock.instant());
    }

    /** Stops the periodic sweep and waits for it; the pool stays open. */
    @Override
    public void close() {
        tasks.close();
    }

    private void sweepEvery(Duration interval) {
        while (true) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return; // the store is closing
            }
            try {
                long deleted = sweep();
                LOG.log(System.Logger.Level.DEBUG, "deleted " + deleted + " expired sessions from " + table);
            } catch (RuntimeException e) {
                // Sweep again next time; this background task is the only place to report the failure.
                LOG.log(System.Logger.Level.WARNING, "sweeping expired sessions from " + table + " failed", e);
            }
        }
    }

    private static String json(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write session values as JSON", e);
        }
    }

    private static Map<String, String> values(String json) {
        try {
            return JSON.readValue(json, VALUES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("session row holds data that is not a JSON object of strings", e);
        }
    }

    /** Builds a {@link PgSessionStore}. Not thread-safe. */
    public static final class Builder {
        private final PgPool pool;
        private String schema = DEFAULT_SCHEMA;
        private boolean migrate = true;
        private Duration sweepInterval = Duration.ofMinutes(10);
        private Clock clock = Clock.systemUTC();

        private Builder(PgPool pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
        }

        /** The schema of the table (a lower-case identifier; default {@value PgSessionStore#DEFAULT_SCHEMA}). */
        public Builder schema(String name) {
            migrations(name); // the same check Migrations makes, before the name goes into SQL text
            this.schema = name;
            return this;
        }

        /** Whether {@link #build()} applies the store's migrations (default true). */
        public Builder migrate(boolean on) {
            this.migrate = on;
            return this;
        }

        /** How often the store deletes expired rows in the background (default 10 minutes; zero: never, call {@link #sweep()}). */
        public Builder sweepInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("sweepInterval must be >= 0: " + interval);
            }
            this.sweepInterval = interval;
            return this;
        }

        /** The clock {@link #sweep()} reads (default the system clock; give the one of {@link SessionOptions#clock()}). */
        public Builder clock(Clock source) {
            this.clock = Objects.requireNonNull(source, "clock");
            return this;
        }

        /** The store, its table migrated when asked; blocks while migrating. */
        public PgSessionStore build() {
            if (migrate) {
                LOG.log(System.Logger.Level.DEBUG, "session schema " + schema + ": " + migrations(schema).migrate(pool));
            }
            return new PgSessionStore(this);
        }
    }
}
