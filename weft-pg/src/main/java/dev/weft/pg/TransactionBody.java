package dev.weft.pg;

/**
 * The work done inside {@link PgConnection#transaction(TransactionBody)}. It receives the connection
 * to use, which its thread holds exclusively until the transaction ends. When it throws, the
 * transaction rolls back and the exception propagates: unchecked ones as they are, checked ones
 * wrapped in {@link java.util.concurrent.CompletionException}.
 */
@FunctionalInterface
public interface TransactionBody {
    /** Runs the work. */
    void run(PgConnection tx) throws Exception;
}
