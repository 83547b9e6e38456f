package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.TypeCodec;
import dev.weft.pg.codec.WriteBuffer;

/**
 * The base of the built-in codecs: knows its PostgreSQL type name for error messages and decides which bind
 * values it accepts ({@link #coerce}). Subclasses are immutable and thread-safe.
 */
abstract class Codec<T> implements TypeCodec<T> {
    private final String typeName;
    private final Class<T> javaType;
    private final Binder binder = new Binder(this);

    Codec(String typeName, Class<T> javaType) {
        this.typeName = typeName;
        this.javaType = javaType;
    }

    /** The PostgreSQL type name, e.g. {@code int4}, used in error messages. */
    final String typeName() {
        return typeName;
    }

    @Override
    public final Class<T> javaType() {
        return javaType;
    }

    @Override
    public boolean binary() {
        return true;
    }

    /**
     * The bind value as this codec's Java type, or {@code null} when a value of its class is not accepted.
     * Overridden where other classes are accepted too (an {@code Integer} for an {@code int8} parameter).
     */
    T coerce(Object value) {
        return javaType.isInstance(value) ? javaType.cast(value) : null;
    }

    /** Whether one value of this type is given as a list (a multirange, a composite), so lists cannot nest as array dimensions. */
    boolean takesLists() {
        return false;
    }

    /**
     * Whether a bind value of this class can be sent, checked when the parameter's encoder is chosen. Containers
     * answer from the container's class alone, leaving their elements to be checked as they are encoded.
     */
    boolean accepts(Object value) {
        return coerce(value) != null;
    }

    /** The Java types {@link #coerce} accepts, for error messages. */
    String acceptedTypes() {
        return javaType.getSimpleName();
    }

    /** This codec as a parameter encoder of any value it {@link #coerce accepts}; one instance per codec. */
    final TypeCodec<Object> binder() {
        return binder;
    }

    /** The value as this codec's type, or an {@link IllegalArgumentException} naming both types. */
    final T coerceOrThrow(Object value) {
        T coerced = coerce(value);
        if (coerced == null) {
            throw refusal(value);
        }
        return coerced;
    }

    /** Throws unless {@link #accepts(Object)} the bind value. */
    final void checkAccepts(Object value) {
        if (!accepts(value)) {
            throw refusal(value);
        }
    }

    private IllegalArgumentException refusal(Object value) {
        return new IllegalArgumentException("cannot send a " + value.getClass().getName() + " as PostgreSQL type "
                + typeName + " (accepted: " + acceptedTypes() + ")");
    }

    /** Throws unless the value is exactly {@code expected} bytes long. */
    final void requireLength(int length, int expected) {
        if (length != expected) {
            throw PgDecodeException.malformed(typeName, "expected " + expected + " bytes, got " + length);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + typeName + " <-> " + javaType.getSimpleName() + "]";
    }

    /** Adapts a codec to encode any value it accepts, converting it first. */
    private record Binder(Codec<?> codec) implements TypeCodec<Object> {
        @Override
        public Class<Object> javaType() {
            return Object.class;
        }

        @Override
        public boolean binary() {
            return codec.binary();
        }

        @Override
        public void encode(Object value, WriteBuffer out) {
            encodeWith(codec, value, out);
        }

        @Override
        public Object decode(byte[] data, int offset, int length) {
            return codec.decode(data, offset, length);
        }

        private static <T> void encodeWith(Codec<T> codec, Object value, WriteBuffer out) {
            codec.encode(codec.coerceOrThrow(value), out);
        }
    }
}
