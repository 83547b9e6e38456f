package dev.weft.pg;

/** Where a session stands with respect to transactions, as the last ReadyForQuery reported. */
public enum TransactionStatus {
    /** Not in a transaction block. */
    IDLE,
    /** In a transaction block. */
    IN_TRANSACTION,
    /** In a failed transaction block: every statement fails until ROLLBACK. */
    FAILED
}
