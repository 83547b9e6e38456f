package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.WriteBuffer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The codec of the {@code hstore} extension type (found by name, its OID differs per database): a pair
 * count, then each key and value length-prefixed (a value of length -1 is NULL). Decodes to an unmodifiable
 * {@code Map<String, String>} in the server's key order, with {@code null} values kept.
 */
@SuppressWarnings("rawtypes")
final class HstoreCodec extends Codec<Map> {
    static final HstoreCodec INSTANCE = new HstoreCodec();

    private HstoreCodec() {
        super("hstore", Map.class);
    }

    @Override
    Map coerce(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        map.forEach((k, v) -> {
            if (!(k instanceof String) || v != null && !(v instanceof String)) {
                throw new IllegalArgumentException("an hstore holds String keys and String or null values, not "
                        + describe(k) + " -> " + describe(v));
            }
        });
        return map;
    }

    private static String describe(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName();
    }

    @Override
    String acceptedTypes() {
        return "Map<String, String> (null values allowed)";
    }

    @Override
    public void encode(Map value, WriteBuffer out) {
        out.writeInt(value.size());
        for (Object entry : value.entrySet()) {
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) entry;
            writeString((String) e.getKey(), out);
            if (e.getValue() == null) {
                out.writeInt(-1);
            } else {
                writeString((String) e.getValue(), out);
            }
        }
    }

    private static void writeString(String s, WriteBuffer out) {
        int at = out.position();
        out.writeInt(0).writeUtf8(s);
        out.setInt(at, out.position() - at - 4);
    }

    @Override
    public Map decode(byte[] data, int offset, int length) {
        int end = offset + length;
        int count = readLength(data, offset, end, false);
        if ((long) count * 8 > length - 4) {
            throw PgDecodeException.malformed(typeName(), count + " pairs in " + length + " bytes");
        }
        Map<String, String> map = LinkedHashMap.newLinkedHashMap(count);
        int pos = offset + 4;
        for (int i = 0; i < count; i++) {
            int keyLength = readLength(data, pos, end, false);
            String key = TextCodecs.utf8(data, pos + 4, keyLength);
            pos += 4 + keyLength;
            int valueLength = readLength(data, pos, end, true);
            pos += 4;
            if (valueLength >= 0) {
                map.put(key, TextCodecs.utf8(data, pos, valueLength));
                pos += valueLength;
            } else {
                map.put(key, null);
            }
        }
        if (pos != end) {
            throw PgDecodeException.malformed(typeName(), (end - pos) + " bytes after the last pair");
        }
        return Collections.unmodifiableMap(map);
    }

    private int readLength(byte[] data, int pos, int end, boolean nullable) {
        if (end - pos < 4) {
            throw PgDecodeException.malformed(typeName(), "truncated");
        }
        int len = BigEndian.getInt(data, pos);
        if (len == -1 && nullable) {
            return -1;
        }
        if (len < 0 || len > end - pos - 4) {
            throw PgDecodeException.malformed(typeName(), "length " + len);
        }
        return len;
    }
}
