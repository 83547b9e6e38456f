package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.TypeCodec;
import dev.weft.pg.codec.WriteBuffer;

/**
 * A codec a user registered, adapted to the internal {@link Codec} so that it can also be an element of
 * arrays, ranges and composites. Accepts bind values of exactly its Java type.
 */
final class UserCodec<T> extends Codec<T> {
    private final TypeCodec<T> codec;

    private UserCodec(String typeName, TypeCodec<T> codec) {
        super(typeName, codec.javaType());
        this.codec = codec;
    }

    static <T> Codec<T> wrap(String typeName, TypeCodec<T> codec) {
        return codec instanceof Codec<T> builtIn ? builtIn : new UserCodec<>(typeName, codec);
    }

    @Override
    public boolean binary() {
        return codec.binary();
    }

    @Override
    public void encode(T value, WriteBuffer out) {
        codec.encode(value, out);
    }

    @Override
    public T decode(byte[] data, int offset, int length) {
        return codec.decode(data, offset, length);
    }
}
