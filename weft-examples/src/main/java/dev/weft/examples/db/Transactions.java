package dev.weft.examples.db;

import dev.weft.api.Provides;
import dev.weft.api.RequestScope;
import dev.weft.pg.PgConnection;
import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.TransactionStatus;
import dev.weft.pg.pool.PgPool;
import java.util.function.Supplier;

/**
 * A weft-api dependency provider: a handler that takes a {@link PgConnection} gets a connection of the
 * pool inside a transaction of its own request. The transaction commits when the handler returns and
 * rolls back when it throws; either way the connection goes back to the pool before the response is
 * sent, so a commit that fails answers 500 rather than a success the database did not keep. Thread-safe.
 *
 * {@snippet :
 * Api.builder().providers(new Transactions(() -> pool)).controller(new UsersApi()).mountOn(app);
 *
 * @Post("/users") User create(@Body UserInput body, PgConnection tx) { ... }   // in UsersApi
 * }
 */
public final class Transactions {
    private final Supplier<PgPool> pool;

    /** Transactions on the pool {@code pool} supplies when a request comes (it may open after the routes are built). */
    public Transactions(Supplier<PgPool> pool) {
        this.pool = pool;
    }

    /** Borrows a connection, begins a transaction, and registers its end with the request. */
    @Provides
    public PgConnection transaction(RequestScope scope) {
        PgPool opened = pool.get();
        if (opened == null) {
            throw new IllegalStateException("the database pool is not open yet (the server has not started)");
        }
        PgConnection connection = opened.acquire();
        try {
            connection.execute("BEGIN");
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        scope.onClose(failure -> end(connection, failure));
        return connection;
    }

    private static void end(PgConnection connection, Throwable failure) {
        try (connection) { // gives the lease back, after the pool's own reset
            if (!connection.isUsable()) {
                // The session is gone (the database restarted, the backend was terminated): it rolled back with
                // it, and a ROLLBACK here would only hide the request's own failure behind a second one.
                if (failure == null) {
                    throw new PgException(ServerMessage.client("08006", "the request's database session ended before its commit"), null);
                }
            } else if (failure != null) {
                connection.execute("ROLLBACK");
            } else if (connection.transactionStatus() == TransactionStatus.FAILED) {
                // COMMIT of a failed transaction "succeeds" as a rollback: the handler must not answer success.
                connection.execute("ROLLBACK");
                throw new IllegalStateException("a statement of the request's transaction failed and was not reported;"
                        + " the transaction was rolled back");
            } else {
                connection.execute("COMMIT");
            }
        }
    }
}
