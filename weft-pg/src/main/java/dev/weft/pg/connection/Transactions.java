package dev.weft.pg.connection;

import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.TransactionFunction;
import dev.weft.pg.TransactionOptions;
import dev.weft.pg.TransactionStatus;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.protocol.FrontendMessages;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs transaction bodies: BEGIN with the options, the body on a view holding exclusive use, COMMIT
 * when it returns, ROLLBACK when it throws (even if the caller was cancelled), savepoints when nested,
 * and a bounded retry of the whole body on serialization failure or deadlock.
 */
final class Transactions {
    private static final AtomicInteger SAVEPOINTS = new AtomicInteger();

    private Transactions() {
    }

    static <T> T run(RealPgConnection connection, TransactionOptions options, TransactionFunction<T> body) {
        if (connection.token != null) {
            return savepoint(connection, options, body);
        }
        for (int attempt = 0; ; attempt++) {
            var token = new Object();
            Session session = connection.session;
            session.acquireOwnership(token, connection.timeout);
            var tx = connection.view(token, connection.timeout);
            try {
                tx.simple(options.beginStatement());
                T result;
                try {
                    result = body.run(tx);
                } catch (Throwable t) {
                    rollback(session, token, t);
                    throw t;
                }
                if (session.transactionStatus() == TransactionStatus.FAILED) {
                    var failed = PgException.of(ServerMessage.client("25P02",
                            "the transaction failed inside its body (an error was caught there) and was rolled back"));
                    rollback(session, token, failed);
                    throw failed;
                }
                tx.simple("COMMIT");
                return result;
            } catch (PgException e) {
                if (attempt < options.retries() && isRetryable(e) && session.isUsable()) {
                    continue;
                }
                throw e;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new CompletionException(t);
            } finally {
                session.releaseOwnership(token);
            }
        }
    }

    private static <T> T savepoint(RealPgConnection tx, TransactionOptions options, TransactionFunction<T> body) {
        if (options.isolation() != null || options.readOnly() || options.deferrable() || options.retries() > 0) {
            throw new IllegalArgumentException("a nested transaction (savepoint) cannot take options: " + options);
        }
        String name = "weft_savepoint_" + SAVEPOINTS.incrementAndGet();
        tx.simple("SAVEPOINT " + name);
        T result;
        try {
            result = body.run(tx);
        } catch (Throwable t) {
            shielded(tx.session, tx.token, "ROLLBACK TO SAVEPOINT " + name, t);
            throw unchecked(t);
        }
        if (tx.session.transactionStatus() == TransactionStatus.FAILED) {
            var failed = PgException.of(ServerMessage.client("25P02",
                    "the nested transaction failed inside its body (an error was caught there) and was rolled back to its savepoint"));
            shielded(tx.session, tx.token, "ROLLBACK TO SAVEPOINT " + name, failed);
            throw failed;
        }
        tx.simple("RELEASE SAVEPOINT " + name);
        return result;
    }

    private static void rollback(Session session, Object token, Throwable cause) {
        shielded(session, token, "ROLLBACK", cause);
    }

    // The cleanup must run even if the body's failure was a cancellation; if it cannot, the connection is
    // closed instead of being left inside a transaction for the next user.
    private static void shielded(Session session, Object token, String sql, Throwable cause) {
        if (!session.isUsable()) {
            return;
        }
        try {
            var out = new WriteBuffer(sql.length() + 8);
            FrontendMessages.query(out, sql);
            Exchange exchange = session.runShielded(out, token);
            exchange.throwIfFailed();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            session.fail(e);
        }
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new CompletionException(t);
    }

    private static boolean isRetryable(PgException e) {
        return "40001".equals(e.sqlState()) || "40P01".equals(e.sqlState());
    }
}
