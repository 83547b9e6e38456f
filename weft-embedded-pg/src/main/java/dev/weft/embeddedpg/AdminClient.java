package dev.weft.embeddedpg;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately minimal PostgreSQL client: startup as a trusted user, the simple {@code Query}
 * message, rows as text. It exists because the fixture must create roles and databases and run init
 * SQL, yet cannot use weft-pg (whose tests depend on this module) nor pull a JDBC driver into its
 * users' test classpath. It knows no authentication besides {@code trust}, no TLS, no extended
 * protocol, and is not meant for anything but the fixture's own administration.
 *
 * <p>Not thread-safe: one instance is one connection, used by one thread at a time.
 */
final class AdminClient implements AutoCloseable {
    private static final int PROTOCOL_3_0 = 196_608;
    /** Bounds every backend message: administration answers are tiny, a huge length means a broken peer. */
    private static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    private AdminClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    /**
     * Connects and completes the startup handshake as {@code user} (which must be trusted).
     *
     * @throws IOException when the server cannot be reached or closes the connection
     * @throws EmbeddedPostgresException when the server answers with an error (for example 57P03,
     *                                   "the database system is starting up")
     */
    static AdminClient connect(String host, int port, String user, String database, Duration timeout)
            throws IOException {
        var socket = new Socket();
        try {
            int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            var client = new AdminClient(socket);
            client.startup(user, database);
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void startup(String user, String database) throws IOException {
        var body = new ByteArrayOutputStream();
        var data = new DataOutputStream(body);
        data.writeInt(PROTOCOL_3_0);
        for (String s : new String[] {"user", user, "database", database, "client_encoding", "UTF8"}) {
            writeCString(data, s);
        }
        data.writeByte(0);
        out.writeInt(body.size() + 4);
        body.writeTo(out);
        out.flush();
        for (;;) {
            int type = in.readUnsignedByte();
            byte[] payload = readPayload();
            switch (type) {
                case 'R' -> {
                    int code = readInt(payload);
                    if (code != 0) {
                        throw new EmbeddedPostgresException("the fixture's admin client only uses trust "
                                + "authentication, but the server asked " + user + " for authentication type " + code);
                    }
                }
                case 'E' -> throw serverError(payload);
                case 'Z' -> {
                    return;
                }
                default -> {
                    // ParameterStatus, BackendKeyData, NoticeResponse, NegotiateProtocolVersion: not needed here
                }
            }
        }
    }

    /**
     * Runs {@code sql} (one or more statements) with the simple query protocol and returns the text
     * values of every row of every statement, in order; SQL NULL is returned as {@code null}.
     *
     * @throws EmbeddedPostgresException carrying the server's SQLSTATE when a statement fails
     */
    List<List<String>> query(String sql) throws IOException {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        if (sql.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("SQL contains a NUL character: " + sql);
        }
        out.writeByte('Q');
        out.writeInt(text.length + 5);
        out.write(text);
        out.writeByte(0);
        out.flush();
        var rows = new ArrayList<List<String>>();
        EmbeddedPostgresException failure = null;
        for (;;) {
            int type = in.readUnsignedByte();
            byte[] payload = readPayload();
            switch (type) {
                case 'D' -> rows.add(dataRow(payload));
                case 'E' -> failure = serverError(payload);
                case 'G' -> refuseCopyIn();
                case 'Z' -> {
                    if (failure != null) {
                        throw failure;
                    }
                    return rows;
                }
                default -> {
                    // RowDescription, CommandComplete, EmptyQueryResponse, notices: text rows need none of them
                }
            }
        }
    }

    /** The server waits for COPY data this client has none of: fail the COPY so it answers with an error. */
    private void refuseCopyIn() throws IOException {
        byte[] reason = "the embedded server's admin client cannot send COPY FROM STDIN data".getBytes(StandardCharsets.UTF_8);
        out.writeByte('f');
        out.writeInt(reason.length + 5);
        out.write(reason);
        out.writeByte(0);
        out.flush();
    }

    private byte[] readPayload() throws IOException {
        int length = in.readInt();
        if (length < 4 || length > MAX_MESSAGE) {
            throw new EmbeddedPostgresException("bad backend message length " + length + " (limit " + MAX_MESSAGE + ")");
        }
        byte[] payload = new byte[length - 4];
        in.readFully(payload);
        return payload;
    }

    private static List<String> dataRow(byte[] payload) throws IOException {
        var data = new DataInputStream(new ByteArrayInputStream(payload));
        int columns = data.readUnsignedShort();
        var row = new ArrayList<String>(columns);
        for (int i = 0; i < columns; i++) {
            int length = data.readInt();
            if (length < 0) {
                row.add(null);
            } else {
                byte[] value = new byte[length];
                data.readFully(value);
                row.add(new String(value, StandardCharsets.UTF_8));
            }
        }
        return Collections.unmodifiableList(row);
    }

    private static EmbeddedPostgresException serverError(byte[] payload) {
        Map<Character, String> fields = new HashMap<>();
        int i = 0;
        while (i < payload.length && payload[i] != 0) {
            char code = (char) payload[i++];
            int end = i;
            while (end < payload.length && payload[end] != 0) {
                end++;
            }
            fields.put(code, new String(payload, i, end - i, StandardCharsets.UTF_8));
            i = end + 1;
        }
        String sqlState = fields.get('C');
        var message = new StringBuilder()
                .append(fields.getOrDefault('S', "ERROR")).append(' ').append(sqlState).append(": ")
                .append(fields.getOrDefault('M', "(no message)"));
        if (fields.containsKey('D')) {
            message.append(" (").append(fields.get('D')).append(')');
        }
        return new EmbeddedPostgresException(message.toString(), sqlState);
    }

    private static int readInt(byte[] payload) throws EOFException {
        if (payload.length < 4) {
            throw new EOFException("authentication message too short");
        }
        return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
    }

    private static void writeCString(DataOutputStream data, String s) throws IOException {
        data.write(s.getBytes(StandardCharsets.UTF_8));
        data.writeByte(0);
    }

    /** Sends Terminate and closes the socket; never throws. */
    @Override
    public void close() {
        try (socket) {
            out.writeByte('X');
            out.writeInt(4);
            out.flush();
        } catch (IOException ignored) {
            // the server may already have gone; closing the socket is all that matters
        }
    }
}
