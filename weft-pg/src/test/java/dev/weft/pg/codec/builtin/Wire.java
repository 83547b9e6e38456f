package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.CodecRegistry;
import dev.weft.pg.codec.TypeCatalog;
import dev.weft.pg.codec.TypeCodec;
import dev.weft.pg.codec.WriteBuffer;

import java.util.HexFormat;

/** Test support: encodes with a codec and decodes from a slice placed mid-array, so offsets are exercised. */
final class Wire {
    private Wire() {
    }

    static <T> byte[] encode(TypeCodec<T> codec, T value) {
        var out = new WriteBuffer(8);
        out.writeByte(0x55); // a prefix, so codecs must write at the position rather than at 0
        codec.encode(value, out);
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOfRange(all, 1, all.length);
    }

    static byte[] encodeParameter(CodecRegistry registry, int oid, Object value) {
        TypeCodec<Object> codec = registry.forParameter(oid, value, TypeCatalog.empty());
        var out = new WriteBuffer(8);
        codec.encode(value, out);
        return out.toByteArray();
    }

    static <T> T decode(TypeCodec<T> codec, byte[] bytes) {
        byte[] padded = new byte[bytes.length + 7];
        java.util.Arrays.fill(padded, (byte) 0x7E);
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        return codec.decode(padded, 3, bytes.length);
    }

    static <T> T roundTrip(TypeCodec<T> codec, T value) {
        return decode(codec, encode(codec, value));
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
