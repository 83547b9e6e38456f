package dev.weft.pg;

/**
 * How {@link PgConnection#transaction(TransactionOptions, TransactionBody)} begins and retries a
 * transaction. Immutable.
 *
 * {@snippet :
 * var options = TransactionOptions.DEFAULT.withIsolation(IsolationLevel.SERIALIZABLE).withRetries(3);
 * conn.transaction(options, tx -> tx.execute("UPDATE accounts SET balance = balance - 10 WHERE id = $1", 1));
 * }
 *
 * @param isolation  the isolation level, or null for the server's default
 * @param readOnly   {@code READ ONLY} instead of {@code READ WRITE}
 * @param deferrable {@code DEFERRABLE} (meaningful for serializable read-only transactions)
 * @param retries    how many more times the whole body runs after a serialization failure or deadlock (0 = none)
 */
public record TransactionOptions(IsolationLevel isolation, boolean readOnly, boolean deferrable, int retries) {
    /** The server's default isolation, read-write, no retries. */
    public static final TransactionOptions DEFAULT = new TransactionOptions(null, false, false, 0);

    public TransactionOptions {
        if (retries < 0 || retries > 100) {
            throw new IllegalArgumentException("retries out of range 0..100: " + retries);
        }
    }

    /** These options with another isolation level. */
    public TransactionOptions withIsolation(IsolationLevel level) {
        return new TransactionOptions(level, readOnly, deferrable, retries);
    }

    /** These options, read-only or not. */
    public TransactionOptions withReadOnly(boolean value) {
        return new TransactionOptions(isolation, value, deferrable, retries);
    }

    /** These options, deferrable or not. */
    public TransactionOptions withDeferrable(boolean value) {
        return new TransactionOptions(isolation, readOnly, value, retries);
    }

    /** These options with a retry budget for serialization failures and deadlocks. */
    public TransactionOptions withRetries(int value) {
        return new TransactionOptions(isolation, readOnly, deferrable, value);
    }

    /** The {@code BEGIN} statement for these options. */
    public String beginStatement() {
        var b = new StringBuilder("BEGIN");
        if (isolation != null) {
            b.append(" ISOLATION LEVEL ").append(isolation.sql());
        }
        if (readOnly) {
            b.append(isolation != null ? "," : "").append(" READ ONLY");
        }
        if (deferrable) {
            b.append(isolation != null || readOnly ? "," : "").append(" DEFERRABLE");
        }
        return b.toString();
    }
}
