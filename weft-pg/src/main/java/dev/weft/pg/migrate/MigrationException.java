package dev.weft.pg.migrate;

import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;

/**
 * Why {@link Migrations#migrate} stopped: a file failed (its transaction was rolled back; the message
 * names the file and carries the server's error, which is also the cause), an applied file was changed,
 * a new file is numbered below one already applied, or the lock was not granted in time. Nothing after
 * the failing file is applied. Immutable.
 *
 * {@snippet :
 * try {
 *     migrations.migrate(pool);
 * } catch (MigrationException e) {
 *     System.err.println(e.getMessage()); // V2__add_email.sql failed and was rolled back: ERROR 42601: ...
 *     System.exit(1);
 * }
 * }
 */
public class MigrationException extends PgException {
    private final String script;

    MigrationException(String script, String message, PgException cause) {
        super(ServerMessage.client(cause == null ? "55000" : cause.sqlState(), message), cause);
        this.script = script;
    }

    /** The message alone, without the severity and SQLSTATE prefix that {@link PgException} adds. */
    @Override
    public String getMessage() {
        return fields().message();
    }

    /** The file the failure is about, or null when it is about no single file (the lock). */
    public String script() {
        return script;
    }
}
