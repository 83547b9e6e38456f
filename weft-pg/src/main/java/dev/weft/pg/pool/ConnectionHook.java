package dev.weft.pg.pool;

import dev.weft.pg.PgConnection;

/**
 * Work a {@link PgPool} runs on one of its connections at a point of its life: {@code init} once per
 * new connection, {@code setup} on every exclusive acquire, {@code reset} on every exclusive release
 * (asyncpg's {@code init}, {@code setup} and {@code reset}). A hook that throws makes the pool close
 * that connection (init, reset) or hand the error to the caller (setup). A hook may run on several
 * connections at once, from different threads, so it must be thread-safe.
 *
 * {@snippet :
 * PgPool pool = PgPool.open(dsn, cfg -> cfg.init(c -> c.execute("SET search_path = app, public")));
 * }
 */
@FunctionalInterface
public interface ConnectionHook {
    /** Runs the hook on {@code connection}. */
    void apply(PgConnection connection) throws Exception;
}
