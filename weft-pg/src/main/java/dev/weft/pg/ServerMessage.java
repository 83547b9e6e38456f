package dev.weft.pg;

import java.util.Map;

/**
 * The fields of an ErrorResponse or NoticeResponse, keyed by the protocol's one-letter codes, with
 * named accessors. Immutable and thread-safe.
 *
 * {@snippet :
 * try {
 *     conn.execute("INSERT INTO users(email) VALUES ($1)", email);
 * } catch (UniqueViolation e) {
 *     String constraint = e.fields().constraint();   // e.g. "users_email_key"
 * }
 * }
 *
 * @param fields every field the server sent; never null
 */
public record ServerMessage(Map<Character, String> fields) {
    public ServerMessage {
        fields = Map.copyOf(fields);
    }

    /** A message made by the driver itself (not sent by the server), with severity {@code ERROR}. */
    public static ServerMessage client(String sqlState, String message) {
        return new ServerMessage(Map.of('S', "ERROR", 'V', "ERROR", 'C', sqlState, 'M', message));
    }

    /** The localized severity ({@code ERROR}, {@code FATAL}, {@code WARNING}, {@code NOTICE}, ...). */
    public String severity() {
        return fields.getOrDefault('V', fields.get('S'));
    }

    /** The five-character SQLSTATE code, e.g. {@code 23505}. */
    public String sqlState() {
        return fields.get('C');
    }

    /** The primary human-readable message. */
    public String message() {
        return fields.get('M');
    }

    /** Optional secondary message with more detail, or null. */
    public String detail() {
        return fields.get('D');
    }

    /** Optional suggestion what to do about the problem, or null. */
    public String hint() {
        return fields.get('H');
    }

    /** The 1-based character position of the error in the query string, or 0. */
    public int position() {
        String p = fields.get('P');
        return p == null ? 0 : Integer.parseInt(p);
    }

    /** The position in an internally generated query, or 0. */
    public int internalPosition() {
        String p = fields.get('p');
        return p == null ? 0 : Integer.parseInt(p);
    }

    /** The internally generated query that failed, or null. */
    public String internalQuery() {
        return fields.get('q');
    }

    /** The call stack context (PL/pgSQL function, ...), or null. */
    public String where() {
        return fields.get('W');
    }

    /** The schema of the object involved, or null. */
    public String schema() {
        return fields.get('s');
    }

    /** The table involved, or null. */
    public String table() {
        return fields.get('t');
    }

    /** The column involved, or null. */
    public String column() {
        return fields.get('c');
    }

    /** The data type involved, or null. */
    public String dataType() {
        return fields.get('d');
    }

    /** The constraint involved, or null. */
    public String constraint() {
        return fields.get('n');
    }

    /** The server source file that reported the error, or null. */
    public String file() {
        return fields.get('F');
    }

    /** The server source line that reported the error, or null. */
    public String line() {
        return fields.get('L');
    }

    /** The server source routine that reported the error, or null. */
    public String routine() {
        return fields.get('R');
    }
}
