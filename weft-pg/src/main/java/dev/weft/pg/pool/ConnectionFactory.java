package dev.weft.pg.pool;

import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;

/**
 * How a {@link PgPool} opens a new connection (asyncpg's {@code connect} argument); the default is
 * {@link PgConnection#connect(PgConnectOptions)}. Called from the pool's own virtual threads, so it must
 * be thread-safe.
 *
 * {@snippet :
 * PgPool pool = PgPool.open(dsn, cfg -> cfg.connect(options -> {
 *     PgConnection c = PgConnection.connect(options);
 *     c.onNotice(notice -> log.info(notice.message()));
 *     return c;
 * }));
 * }
 */
@FunctionalInterface
public interface ConnectionFactory {
    /** Opens and returns a new session for {@code options}. */
    PgConnection connect(PgConnectOptions options);
}
