package dev.weft.pg.pool;

import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;

/**
 * Thrown when a {@link PgPool} cannot hand out a connection in time: the acquire timeout passed, or the
 * queue of waiting callers is full. (When the weft-core deadline is what ended the wait, the caller gets
 * {@link dev.weft.core.DeadlineExceeded} instead.) Its SQLSTATE is {@code 53300}
 * ({@code too_many_connections}), the server's own code for running out of sessions.
 *
 * {@snippet :
 * try {
 *     pool.query("SELECT 1");
 * } catch (PoolTimeout e) {
 *     return Response.status(503);
 * }
 * }
 */
public class PoolTimeout extends PgException {
    /** Creates the exception with a message saying what ran out. */
    public PoolTimeout(String message) {
        super(ServerMessage.client("53300", message), null);
    }
}
