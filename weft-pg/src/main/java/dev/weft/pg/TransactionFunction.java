package dev.weft.pg;

/**
 * Work inside {@link PgConnection#transactionResult(TransactionFunction)} that returns a value.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface TransactionFunction<T> {
    /** Runs the work and returns its result. */
    T run(PgConnection tx) throws Exception;
}
