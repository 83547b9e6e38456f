package dev.weft.pg.protocol;

import java.util.List;
import java.util.Map;

/**
 * A message the server sends, decoded from its bytes by {@link BackendDecoder}. Every implementation is
 * an immutable record, so instances may be shared between threads.
 */
public sealed interface BackendMessage {

    /** {@code R}: an authentication request; {@code code} is the sub-type (0 ok, 3 cleartext, 5 MD5, 10-12 SASL). */
    record Authentication(int code, byte[] data) implements BackendMessage {
        public static final int OK = 0;
        public static final int CLEARTEXT = 3;
        public static final int MD5 = 5;
        public static final int SASL = 10;
        public static final int SASL_CONTINUE = 11;
        public static final int SASL_FINAL = 12;
    }

    /** {@code S}: a run-time parameter the server reports (at startup and whenever it changes). */
    record ParameterStatus(String name, String value) implements BackendMessage {
    }

    /** {@code K}: the key a CancelRequest must quote. */
    record BackendKeyData(int processId, int secretKey) implements BackendMessage {
    }

    /** {@code Z}: the server is ready; {@code status} is {@code 'I'} idle, {@code 'T'} in a transaction, {@code 'E'} failed. */
    record ReadyForQuery(char status) implements BackendMessage {
    }

    /** {@code T}: the columns of the rows that follow. */
    record RowDescription(List<Field> fields) implements BackendMessage {
        public RowDescription {
            fields = List.copyOf(fields);
        }
    }

    /** One column of a {@link RowDescription}. */
    record Field(String name, int tableOid, int columnNumber, int typeOid, int typeSize, int typeModifier,
                 int format) {
    }

    /**
     * {@code D}: one row. {@code data} holds the whole message body; column {@code i} starts at
     * {@code offsets[i]} and is {@code lengths[i]} bytes long, or SQL NULL when the length is -1.
     */
    record DataRow(byte[] data, int[] offsets, int[] lengths) implements BackendMessage {
    }

    /** {@code C}: a command finished; {@code tag} is e.g. {@code "INSERT 0 3"}. */
    record CommandComplete(String tag) implements BackendMessage {
        /** The row count at the end of the tag, or 0 for commands that report none. */
        public long rowCount() {
            int space = tag.lastIndexOf(' ');
            if (space < 0) {
                return 0;
            }
            try {
                return Long.parseLong(tag, space + 1, tag.length(), 10);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    /** {@code I}: the query string was empty. */
    record EmptyQueryResponse() implements BackendMessage {
    }

    /** {@code E}: an error, with its fields keyed by their one-letter codes. */
    record ErrorResponse(Map<Character, String> fields) implements BackendMessage {
        public ErrorResponse {
            fields = Map.copyOf(fields);
        }
    }

    /** {@code N}: a notice (warning, info, ...), with the same fields as an error. */
    record NoticeResponse(Map<Character, String> fields) implements BackendMessage {
        public NoticeResponse {
            fields = Map.copyOf(fields);
        }
    }

    /** {@code A}: a NOTIFY delivered to this session. */
    record NotificationResponse(int processId, String channel, String payload) implements BackendMessage {
    }

    /** {@code t}: the parameter types of a described statement. */
    record ParameterDescription(int[] typeOids) implements BackendMessage {
    }

    /** {@code 1}: ParseComplete. */
    record ParseComplete() implements BackendMessage {
    }

    /** {@code 2}: BindComplete. */
    record BindComplete() implements BackendMessage {
    }

    /** {@code 3}: CloseComplete. */
    record CloseComplete() implements BackendMessage {
    }

    /** {@code n}: the described statement returns no rows. */
    record NoData() implements BackendMessage {
    }

    /** {@code s}: an Execute stopped at its row limit. */
    record PortalSuspended() implements BackendMessage {
    }

    /** {@code G}, {@code H}, {@code W}: the server entered COPY IN, OUT or BOTH mode. */
    record CopyResponse(char kind, int format, int[] columnFormats) implements BackendMessage {
    }

    /** {@code d}: a chunk of COPY data. */
    record CopyData(byte[] data) implements BackendMessage {
    }

    /** {@code c}: the end of COPY data. */
    record CopyDone() implements BackendMessage {
    }

    /** {@code v}: the server supports only an older minor protocol version or not all options. */
    record NegotiateProtocolVersion(int newestMinor, List<String> unsupportedOptions) implements BackendMessage {
    }
}
