package dev.weft.pg;

import dev.weft.pg.error.SqlStates;

/**
 * The unchecked root of every error the PostgreSQL driver throws. Server errors arrive as a subclass
 * chosen by SQLSTATE (generated from PostgreSQL's error-code list, package {@code dev.weft.pg.error}):
 * a leaf such as {@code UniqueViolation} extends its class-level parent such as
 * {@code IntegrityConstraintViolation}, which extends this. Every ErrorResponse field is kept in
 * {@link #fields()}. Immutable once thrown.
 *
 * {@snippet :
 * try {
 *     conn.execute("INSERT INTO t(id) VALUES (1)");
 * } catch (IntegrityConstraintViolation e) {
 *     log(e.sqlState(), e.fields().detail());
 * }
 * }
 */
public class PgException extends RuntimeException {
    private final ServerMessage fields;

    /** Creates the exception for the given fields; {@code cause} may be null. */
    @SuppressWarnings("this-escape") // initCause is Throwable's own, called before any subclass state exists
    public PgException(ServerMessage fields, Throwable cause) {
        super(describe(fields));
        this.fields = fields;
        // Left unset when null, so that the driver can still attach a cause to a generated subclass.
        if (cause != null) {
            initCause(cause);
        }
    }

    /** The exception class for the SQLSTATE in {@code fields}: the leaf class, else the class-level parent, else this. */
    public static PgException of(ServerMessage fields) {
        return SqlStates.create(fields);
    }

    /** Every field of the server's ErrorResponse (or the driver's own, for client-side errors). */
    public ServerMessage fields() {
        return fields;
    }

    /** The SQLSTATE code, e.g. {@code 40001}. */
    public String sqlState() {
        return fields.sqlState();
    }

    private static String describe(ServerMessage f) {
        var b = new StringBuilder();
        b.append(f.severity() == null ? "ERROR" : f.severity()).append(' ').append(f.sqlState()).append(": ").append(f.message());
        if (f.detail() != null) {
            b.append(" (detail: ").append(f.detail()).append(')');
        }
        if (f.hint() != null) {
            b.append(" (hint: ").append(f.hint()).append(')');
        }
        return b.toString();
    }
}
