package dev.weft.embeddedpg;

import java.util.Optional;

/**
 * The unchecked exception of this module: the server could not be set up, started or stopped, or an
 * administration statement failed (then {@link #sqlState()} holds the server's SQLSTATE).
 * Immutable and thread-safe.
 */
public class EmbeddedPostgresException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The SQLSTATE of the server's error, or null when the failure is not the server's answer. */
    private final String sqlState;

    /** An exception with a message and no SQLSTATE. */
    public EmbeddedPostgresException(String message) {
        this(message, null, null);
    }

    /** An exception with a message and its cause, and no SQLSTATE. */
    public EmbeddedPostgresException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /** An exception for an error the server answered with. */
    public EmbeddedPostgresException(String message, String sqlState) {
        this(message, sqlState, null);
    }

    private EmbeddedPostgresException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** The server's SQLSTATE (for example {@code 42P04}, duplicate database), when the server reported the error. */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }
}
