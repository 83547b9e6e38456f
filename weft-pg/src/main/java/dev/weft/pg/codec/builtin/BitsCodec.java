package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.types.PgBits;

import java.util.Arrays;

/** The codec of {@code bit} and {@code varbit}: the bit count as an int4, then the bits packed into bytes. */
final class BitsCodec extends Codec<PgBits> {
    static final BitsCodec BIT = new BitsCodec("bit");
    static final BitsCodec VARBIT = new BitsCodec("varbit");

    private BitsCodec(String typeName) {
        super(typeName, PgBits.class);
    }

    @Override
    public void encode(PgBits value, WriteBuffer out) {
        out.writeInt(value.length()).writeBytes(value.bytes());
    }

    @Override
    public PgBits decode(byte[] data, int offset, int length) {
        if (length < 4) {
            throw PgDecodeException.malformed(typeName(), "no bit count");
        }
        int bits = BigEndian.getInt(data, offset);
        if (bits < 0 || (bits + 7L) / 8 != length - 4) {
            throw PgDecodeException.malformed(typeName(), bits + " bits in " + (length - 4) + " bytes");
        }
        return PgBits.of(bits, Arrays.copyOfRange(data, offset + 4, offset + length));
    }
}
