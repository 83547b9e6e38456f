package dev.weft.pg.protocol;

import dev.weft.pg.PgProtocolException;
import dev.weft.pg.protocol.BackendMessage.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the body of one backend message into a {@link BackendMessage}. It does no I/O: the caller
 * frames messages (type byte, length) and hands over the body. Stateless and thread-safe.
 *
 * {@snippet :
 * byte[] body = {0, 0, 0, 0};                      // AuthenticationOk
 * var msg = BackendDecoder.decode('R', body, 0, body.length);
 * }
 */
public final class BackendDecoder {
    private BackendDecoder() {
    }

    /**
     * Decodes one message. A {@link DataRow} keeps a reference to {@code body}, so the caller must not
     * reuse that array afterwards.
     *
     * @throws PgProtocolException for an unknown type or a malformed body
     */
    public static BackendMessage decode(char type, byte[] body, int offset, int length) {
        var in = new Cursor(body, offset, offset + length, type);
        BackendMessage message = switch (type) {
            case 'D' -> dataRow(in);
            case 'C' -> new CommandComplete(in.cstring());
            case 'Z' -> new ReadyForQuery((char) in.u8());
            case 'T' -> rowDescription(in);
            case '1' -> new ParseComplete();
            case '2' -> new BindComplete();
            case '3' -> new CloseComplete();
            case 'n' -> new NoData();
            case 's' -> new PortalSuspended();
            case 'I' -> new EmptyQueryResponse();
            case 't' -> parameterDescription(in);
            case 'E' -> new ErrorResponse(fields(in));
            case 'N' -> new NoticeResponse(fields(in));
            case 'S' -> new ParameterStatus(in.cstring(), in.cstring());
            case 'K' -> new BackendKeyData(in.i32(), in.i32());
            case 'A' -> new NotificationResponse(in.i32(), in.cstring(), in.cstring());
            case 'R' -> new Authentication(in.i32(), in.rest());
            case 'G', 'H', 'W' -> copyResponse(type, in);
            case 'd' -> new CopyData(in.rest());
            case 'c' -> new CopyDone();
            case 'v' -> negotiate(in);
            default -> throw new PgProtocolException("unknown backend message type '" + type + "' (" + (int) type + ")");
        };
        in.expectEnd();
        return message;
    }

    private static DataRow dataRow(Cursor in) {
        int count = in.u16();
        int[] offsets = new int[count];
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            int len = in.i32();
            if (len < -1) {
                throw new PgProtocolException("DataRow column " + i + " has length " + len);
            }
            lengths[i] = len;
            offsets[i] = in.position;
            if (len > 0) {
                in.skip(len);
            }
        }
        return new DataRow(in.data, offsets, lengths);
    }

    private static RowDescription rowDescription(Cursor in) {
        int count = in.u16();
        var fields = new ArrayList<Field>(count);
        for (int i = 0; i < count; i++) {
            fields.add(new Field(in.cstring(), in.i32(), in.i16(), in.i32(), in.i16(), in.i32(), in.i16()));
        }
        return new RowDescription(fields);
    }

    private static ParameterDescription parameterDescription(Cursor in) {
        int count = in.u16();
        int[] oids = new int[count];
        for (int i = 0; i < count; i++) {
            oids[i] = in.i32();
        }
        return new ParameterDescription(oids);
    }

    private static Map<Character, String> fields(Cursor in) {
        var fields = new HashMap<Character, String>();
        for (int code = in.u8(); code != 0; code = in.u8()) {
            fields.put((char) code, in.cstring());
        }
        return fields;
    }

    private static CopyResponse copyResponse(char type, Cursor in) {
        int format = in.u8();
        int count = in.u16();
        int[] formats = new int[count];
        for (int i = 0; i < count; i++) {
            formats[i] = in.i16();
        }
        return new CopyResponse(type, format, formats);
    }

    private static NegotiateProtocolVersion negotiate(Cursor in) {
        int minor = in.i32();
        int count = in.i32();
        List<String> options = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            options.add(in.cstring());
        }
        return new NegotiateProtocolVersion(minor, options);
    }

    /** A read position over one message body that reports truncation as a protocol error. */
    private static final class Cursor {
        final byte[] data;
        final int end;
        final char type;
        int position;

        Cursor(byte[] data, int offset, int end, char type) {
            this.data = data;
            this.position = offset;
            this.end = end;
            this.type = type;
        }

        void need(int n) {
            if (end - position < n) {
                throw new PgProtocolException("message '" + type + "' truncated: needs " + n + " more bytes, has "
                        + (end - position));
            }
        }

        int u8() {
            need(1);
            return data[position++] & 0xFF;
        }

        int u16() {
            need(2);
            int v = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
            position += 2;
            return v;
        }

        int i16() {
            return (short) u16();
        }

        int i32() {
            need(4);
            int v = ((data[position] & 0xFF) << 24) | ((data[position + 1] & 0xFF) << 16)
                    | ((data[position + 2] & 0xFF) << 8) | (data[position + 3] & 0xFF);
            position += 4;
            return v;
        }

        void skip(int n) {
            need(n);
            position += n;
        }

        String cstring() {
            for (int i = position; i < end; i++) {
                if (data[i] == 0) {
                    String s = new String(data, position, i - position, StandardCharsets.UTF_8);
                    position = i + 1;
                    return s;
                }
            }
            throw new PgProtocolException("message '" + type + "' has an unterminated string");
        }

        byte[] rest() {
            byte[] r = java.util.Arrays.copyOfRange(data, position, end);
            position = end;
            return r;
        }

        void expectEnd() {
            if (position != end) {
                throw new PgProtocolException("message '" + type + "' has " + (end - position) + " unexpected trailing bytes");
            }
        }
    }
}
