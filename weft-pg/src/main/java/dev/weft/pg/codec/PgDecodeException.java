package dev.weft.pg.codec;

import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;

/**
 * The exception for a value received from the server that cannot become the requested Java value: bytes
 * that break the type's binary format (SQLSTATE {@code 22P03}, invalid_binary_representation), or a
 * value the Java type cannot hold, such as numeric {@code NaN} read as a {@code BigDecimal} (SQLSTATE
 * {@code 22003}, numeric_value_out_of_range). The connection stays usable: the whole message was read.
 * Instances are immutable.
 */
public final class PgDecodeException extends PgException {
    private PgDecodeException(String sqlState, String message) {
        super(ServerMessage.client(sqlState, message), null);
    }

    static PgDecodeException malformed(String typeName, String why) {
        return new PgDecodeException("22P03", "malformed binary " + typeName + " value: " + why);
    }

    static PgDecodeException outOfRange(String typeName, String why) {
        return new PgDecodeException("22003", typeName + " value does not fit the Java type: " + why);
    }
}
