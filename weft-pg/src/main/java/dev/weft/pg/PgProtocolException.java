package dev.weft.pg;

/**
 * The exception for a server (or something pretending to be one) that broke the PostgreSQL wire
 * protocol: an unknown message, a truncated field, a message where another was due. The connection it
 * happened on is closed. Instances are immutable.
 */
public class PgProtocolException extends PgException {
    /** Creates the exception with a description of what was wrong. */
    public PgProtocolException(String message) {
        super(ServerMessage.client("08P01", message), null);
    }

    /** Creates the exception with a description and the underlying cause. */
    public PgProtocolException(String message, Throwable cause) {
        super(ServerMessage.client("08P01", message), cause);
    }
}
