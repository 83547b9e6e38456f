package dev.weft.pg.protocol;

import dev.weft.pg.codec.WriteBuffer;

import java.util.Map;

/**
 * Writes frontend (client to server) messages of protocol 3.0 into a {@link WriteBuffer}. It does no
 * I/O and keeps no state; the connection decides when the bytes go out. Thread-safe.
 *
 * {@snippet :
 * var out = new WriteBuffer(256);
 * FrontendMessages.parse(out, "", "SELECT $1::int", new int[0]);
 * FrontendMessages.sync(out);
 * }
 */
public final class FrontendMessages {
    /** Protocol version 3.0 as the StartupMessage carries it. */
    public static final int PROTOCOL_3_0 = 196608;
    private static final int SSL_REQUEST_CODE = 80877103;
    private static final int CANCEL_REQUEST_CODE = 80877102;

    private FrontendMessages() {
    }

    /** Writes one bind value into {@code out} (without its length); returns false for SQL NULL, writing nothing. */
    @FunctionalInterface
    public interface ValueWriter {
        /** Writes value {@code index}; returns whether it was non-null. */
        boolean write(int index, WriteBuffer out);
    }

    /** StartupMessage with the given parameters ({@code user}, {@code database}, settings...). */
    public static void startup(WriteBuffer out, Map<String, String> parameters) {
        int at = out.position();
        out.writeInt(0).writeInt(PROTOCOL_3_0);
        parameters.forEach((key, value) -> out.writeCString(key).writeCString(value));
        out.writeByte(0);
        out.setInt(at, out.position() - at);
    }

    /** SSLRequest: asks the server to switch to TLS. */
    public static void sslRequest(WriteBuffer out) {
        out.writeInt(8).writeInt(SSL_REQUEST_CODE);
    }

    /** CancelRequest for the backend with the given key; sent on a separate connection. */
    public static void cancelRequest(WriteBuffer out, int processId, int secretKey) {
        out.writeInt(16).writeInt(CANCEL_REQUEST_CODE).writeInt(processId).writeInt(secretKey);
    }

    /** PasswordMessage with a cleartext or MD5-hashed password. */
    public static void password(WriteBuffer out, String password) {
        int at = begin(out, 'p');
        out.writeCString(password);
        end(out, at);
    }

    /** SASLInitialResponse naming the mechanism, with the client-first message. */
    public static void saslInitialResponse(WriteBuffer out, String mechanism, byte[] data) {
        int at = begin(out, 'p');
        out.writeCString(mechanism).writeInt(data.length).writeBytes(data);
        end(out, at);
    }

    /** SASLResponse with the next client message. */
    public static void saslResponse(WriteBuffer out, byte[] data) {
        int at = begin(out, 'p');
        out.writeBytes(data);
        end(out, at);
    }

    /** Simple-protocol Query (may hold several statements). */
    public static void query(WriteBuffer out, String sql) {
        int at = begin(out, 'Q');
        out.writeCString(sql);
        end(out, at);
    }

    /** Parse: prepares {@code sql} as statement {@code name} ("" for the unnamed one). */
    public static void parse(WriteBuffer out, String name, String sql, int[] parameterTypes) {
        int at = begin(out, 'P');
        out.writeCString(name).writeCString(sql).writeShort(parameterTypes.length);
        for (int oid : parameterTypes) {
            out.writeInt(oid);
        }
        end(out, at);
    }

    /**
     * Bind: makes portal {@code portal} from statement {@code statement} with {@code count} values
     * written by {@code values} in the given formats (0 text, 1 binary, one per parameter), asking for
     * results in {@code resultFormats} (empty for all text, one entry for all columns, or one per column).
     */
    public static void bind(WriteBuffer out, String portal, String statement, int[] parameterFormats, int count,
                            ValueWriter values, int[] resultFormats) {
        int at = begin(out, 'B');
        out.writeCString(portal).writeCString(statement).writeShort(parameterFormats.length);
        for (int format : parameterFormats) {
            out.writeShort(format);
        }
        out.writeShort(count);
        for (int i = 0; i < count; i++) {
            int lengthAt = out.position();
            out.writeInt(0);
            if (values.write(i, out)) {
                out.setInt(lengthAt, out.position() - lengthAt - 4);
            } else {
                out.setInt(lengthAt, -1);
            }
        }
        out.writeShort(resultFormats.length);
        for (int format : resultFormats) {
            out.writeShort(format);
        }
        end(out, at);
    }

    /** Describe of a statement ({@code 'S'}) or portal ({@code 'P'}). */
    public static void describe(WriteBuffer out, char kind, String name) {
        int at = begin(out, 'D');
        out.writeByte(kind).writeCString(name);
        end(out, at);
    }

    /** Execute: runs a portal, returning at most {@code maxRows} rows (0 for all). */
    public static void execute(WriteBuffer out, String portal, int maxRows) {
        int at = begin(out, 'E');
        out.writeCString(portal).writeInt(maxRows);
        end(out, at);
    }

    /** Close of a statement ({@code 'S'}) or portal ({@code 'P'}). */
    public static void close(WriteBuffer out, char kind, String name) {
        int at = begin(out, 'C');
        out.writeByte(kind).writeCString(name);
        end(out, at);
    }

    /** Sync: ends an extended-protocol exchange; the server answers ReadyForQuery. */
    public static void sync(WriteBuffer out) {
        out.writeByte('S').writeInt(4);
    }

    /** Flush: asks the server to send what it has buffered, without ending the exchange. */
    public static void flush(WriteBuffer out) {
        out.writeByte('H').writeInt(4);
    }

    /**
     * Starts a CopyData message whose payload the caller writes next; returns the position to pass to
     * {@link #endCopyData}. Writing the payload in place saves copying every COPY chunk once more.
     */
    public static int beginCopyData(WriteBuffer out) {
        return begin(out, 'd');
    }

    /** Ends the CopyData message begun at {@code at}. */
    public static void endCopyData(WriteBuffer out, int at) {
        end(out, at);
    }

    /** CopyDone: the end of the data of a COPY FROM STDIN. */
    public static void copyDone(WriteBuffer out) {
        out.writeByte('c').writeInt(4);
    }

    /** CopyFail: abandons a COPY FROM STDIN; the server answers with an error that quotes {@code reason}. */
    public static void copyFail(WriteBuffer out, String reason) {
        int at = begin(out, 'f');
        out.writeCString(reason);
        end(out, at);
    }

    /** Terminate: a polite goodbye before closing the socket. */
    public static void terminate(WriteBuffer out) {
        out.writeByte('X').writeInt(4);
    }

    private static int begin(WriteBuffer out, char type) {
        out.writeByte(type);
        int at = out.position();
        out.writeInt(0);
        return at;
    }

    private static void end(WriteBuffer out, int at) {
        out.setInt(at, out.position() - at);
    }
}
