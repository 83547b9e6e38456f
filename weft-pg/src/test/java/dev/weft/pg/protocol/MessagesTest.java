package dev.weft.pg.protocol;

import dev.weft.pg.PgProtocolException;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.protocol.BackendMessage.*;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagesTest {

    /** Builds a backend message body from ints (4 bytes), shorts (as Short), strings (C strings) and byte arrays. */
    private static byte[] body(Object... parts) {
        var out = new ByteArrayOutputStream();
        for (Object p : parts) {
            switch (p) {
                case Integer i -> out.writeBytes(new byte[]{(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) (int) i});
                case Short s -> out.writeBytes(new byte[]{(byte) (s >>> 8), (byte) (short) s});
                case String s -> {
                    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                    out.write(0);
                }
                case byte[] b -> out.writeBytes(b);
                case Character c -> out.write(c);
                default -> throw new IllegalArgumentException(String.valueOf(p));
            }
        }
        return out.toByteArray();
    }

    private static BackendMessage decode(char type, byte[] body) {
        return BackendDecoder.decode(type, body, 0, body.length);
    }

    @Test
    void decodesDataRowWithNullAndValues() {
        var row = (DataRow) decode('D', body((short) 3, 2, new byte[]{'4', '2'}, -1, 0));
        assertThat(row.lengths()).containsExactly(2, -1, 0);
        assertThat(new String(row.data(), row.offsets()[0], row.lengths()[0], StandardCharsets.UTF_8)).isEqualTo("42");
    }

    @Test
    void decodesRowDescription() {
        var rd = (RowDescription) decode('T', body((short) 1, "id", 16384, (short) 1, 23, (short) 4, -1, (short) 1));
        assertThat(rd.fields()).containsExactly(new Field("id", 16384, 1, 23, 4, -1, 1));
    }

    @Test
    void decodesErrorFieldsAndCommandTags() {
        var error = (ErrorResponse) decode('E', body('S', "ERROR", 'C', "23505", 'M', "duplicate key", 'n', "users_pkey", new byte[]{0}));
        assertThat(error.fields()).containsEntry('C', "23505").containsEntry('n', "users_pkey");
        assertThat(((CommandComplete) decode('C', body("INSERT 0 3"))).rowCount()).isEqualTo(3);
        assertThat(((CommandComplete) decode('C', body("CREATE TABLE"))).rowCount()).isZero();
        assertThat(((ReadyForQuery) decode('Z', new byte[]{'T'})).status()).isEqualTo('T');
    }

    @Test
    void decodesAsyncMessages() {
        assertThat(decode('S', body("server_version", "17.6"))).isEqualTo(new ParameterStatus("server_version", "17.6"));
        assertThat(decode('A', body(42, "events", "hello"))).isEqualTo(new NotificationResponse(42, "events", "hello"));
        assertThat(decode('K', body(7, 99))).isEqualTo(new BackendKeyData(7, 99));
    }

    @Test
    void rejectsTruncatedAndTrailingBytesAndUnknownTypes() {
        assertThatThrownBy(() -> decode('D', body((short) 1, 10, new byte[]{1, 2})))
                .isInstanceOf(PgProtocolException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> decode('Z', new byte[]{'I', 0}))
                .isInstanceOf(PgProtocolException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> decode('C', new byte[]{'a', 'b'}))
                .isInstanceOf(PgProtocolException.class).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> decode('!', new byte[0]))
                .isInstanceOf(PgProtocolException.class).hasMessageContaining("unknown backend message");
        assertThatThrownBy(() -> decode('D', body((short) 1, -5)))
                .isInstanceOf(PgProtocolException.class).hasMessageContaining("length -5");
    }

    @Test
    void encodesParseBindExecuteSync() {
        var out = new WriteBuffer(64);
        FrontendMessages.parse(out, "s1", "SELECT $1", new int[]{23});
        byte[] parse = out.toByteArray();
        assertThat(parse[0]).isEqualTo((byte) 'P');
        assertThat(parse).hasSize(1 + 4 + 3 + 10 + 2 + 4);
        assertThat(readInt(parse, 1)).isEqualTo(parse.length - 1);

        out.clear();
        FrontendMessages.bind(out, "", "s1", new int[]{1}, 2, (i, buffer) -> {
            if (i == 1) {
                return false;
            }
            buffer.writeInt(7);
            return true;
        }, new int[]{1});
        byte[] bind = out.toByteArray();
        assertThat(bind).isEqualTo(concat(new byte[]{'B'}, body(bind.length - 1, "", "s1", (short) 1, (short) 1, (short) 2, 4, 7, -1, (short) 1, (short) 1)));

        out.clear();
        FrontendMessages.execute(out, "", 0);
        FrontendMessages.sync(out);
        assertThat(out.toByteArray()).isEqualTo(concat(new byte[]{'E'}, body(9, "", 0), new byte[]{'S'}, body(4)));
    }

    @Test
    void encodesStartupAndCancel() {
        var out = new WriteBuffer(64);
        FrontendMessages.startup(out, Map.of("user", "u"));
        assertThat(out.toByteArray()).isEqualTo(body(16, 196608, "user", "u", new byte[]{0}));
        out.clear();
        FrontendMessages.cancelRequest(out, 5, 6);
        assertThat(out.toByteArray()).isEqualTo(body(16, 80877102, 5, 6));
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
