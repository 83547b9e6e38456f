package dev.weft.pg.codec;

import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;

/**
 * The exception for a value received from the server that cannot become the requested Java value: bytes
 * that break the type's binary format (SQLSTATE {@code 22P03}, invalid_binary_representation), or a
 * value the Java type cannot hold, such as numeric {@code NaN} read as a {@code BigDecimal} (SQLSTATE
 * {@code 22003}, numeric_value_out_of_range). The connection stays usable: the whole message was read.
 * A registered {@link TypeCodec} reports bad input the same way, so callers catch one type for both.
 * Instances are immutable.
 *
 * {@snippet :
 * public Ltree decode(byte[] data, int offset, int length) {
 *     if (length < 1 || data[offset] != 1) {
 *         throw PgDecodeException.malformed("ltree", "unknown version byte");
 *     }
 *     return Ltree.parse(new String(data, offset + 1, length - 1, StandardCharsets.UTF_8));
 * }
 * }
 */
public final class PgDecodeException extends PgException {
    private PgDecodeException(String sqlState, String message) {
        super(ServerMessage.client(sqlState, message), null);
    }

    /** The value's bytes break the binary format of PostgreSQL type {@code typeName}: {@code why} says how. */
    public static PgDecodeException malformed(String typeName, String why) {
        return new PgDecodeException("22P03", "malformed binary " + typeName + " value: " + why);
    }

    /** A well-formed value of PostgreSQL type {@code typeName} that the Java type cannot hold: {@code why} says why. */
    public static PgDecodeException outOfRange(String typeName, String why) {
        return new PgDecodeException("22003", typeName + " value does not fit the Java type: " + why);
    }
}
