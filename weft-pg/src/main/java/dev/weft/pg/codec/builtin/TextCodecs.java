package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.WriteBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * Codecs of the types whose values are text on the wire ({@code text}, {@code varchar}, {@code bpchar},
 * {@code name}, {@code citext}, {@code xml}, {@code json}, {@code jsonb}, enums, {@code unknown}), and of
 * {@code bytea} and {@code uuid}. Text is UTF-8: the driver sets {@code client_encoding} to it.
 */
final class TextCodecs {
    static final Codec<String> TEXT = new StringCodec("text", true);
    static final Codec<String> VARCHAR = new StringCodec("varchar", true);
    static final Codec<String> BPCHAR = new StringCodec("bpchar", true);
    static final Codec<String> NAME = new StringCodec("name", true);
    static final Codec<String> UNKNOWN = new StringCodec("unknown", true);
    static final Codec<String> CITEXT = new StringCodec("citext", true);
    static final Codec<String> XML = new StringCodec("xml", false);
    static final Codec<String> JSON = new JsonCodec("json", false);
    static final Codec<String> JSONB = new JsonCodec("jsonb", true);
    static final Codec<byte[]> BYTEA = new ByteaCodec();
    static final Codec<UUID> UUID_CODEC = new UuidCodec();

    private TextCodecs() {
    }

    /** The codec of an enum type: its label as a {@code String}, or a Java enum constant's {@code name()}. */
    static Codec<String> forEnum(String typeName) {
        return new StringCodec(typeName, true);
    }

    /**
     * The encoder of a {@code String} in the text format, for parameters of types with no binary codec:
     * the server parses the text with the type's input function.
     */
    static Codec<String> textFormat(String typeName) {
        return new TextFormatCodec(typeName);
    }

    static String utf8(byte[] data, int offset, int length) {
        return new String(data, offset, length, StandardCharsets.UTF_8);
    }

    /** A text-like type. {@code lenient} ones also take a {@code Character} or a Java enum's {@code name()}. */
    private static class StringCodec extends Codec<String> {
        private final boolean lenient;

        StringCodec(String typeName, boolean lenient) {
            super(typeName, String.class);
            this.lenient = lenient;
        }

        @Override
        String coerce(Object value) {
            return switch (value) {
                case String s -> s;
                case Character c when lenient -> c.toString();
                case Enum<?> e when lenient -> e.name();
                default -> null;
            };
        }

        @Override
        String acceptedTypes() {
            return lenient ? "String, Character, Enum (its name())" : "String";
        }

        @Override
        public void encode(String value, WriteBuffer out) {
            out.writeUtf8(value);
        }

        @Override
        public String decode(byte[] data, int offset, int length) {
            return utf8(data, offset, length);
        }
    }

    private static final class TextFormatCodec extends StringCodec {
        TextFormatCodec(String typeName) {
            super(typeName, false);
        }

        @Override
        public boolean binary() {
            return false;
        }
    }

    /**
     * {@code json} is plain text; {@code jsonb}'s binary form is a version byte (1) and the text. Either
     * also takes a Jackson {@code JsonNode} when Jackson is on the class or module path.
     */
    private static final class JsonCodec extends Codec<String> {
        private static final int JSONB_VERSION = 1;
        private final boolean versioned;

        JsonCodec(String typeName, boolean versioned) {
            super(typeName, String.class);
            this.versioned = versioned;
        }

        @Override
        String coerce(Object value) {
            if (value instanceof String s) {
                return s;
            }
            return JsonSupport.isJsonNode(value) ? JsonSupport.write(value) : null;
        }

        @Override
        String acceptedTypes() {
            return JsonSupport.available() ? "String, JsonNode" : "String";
        }

        @Override
        public void encode(String value, WriteBuffer out) {
            if (versioned) {
                out.writeByte(JSONB_VERSION);
            }
            out.writeUtf8(value);
        }

        @Override
        public String decode(byte[] data, int offset, int length) {
            if (!versioned) {
                return utf8(data, offset, length);
            }
            if (length < 1 || data[offset] != JSONB_VERSION) {
                throw PgDecodeException.malformed(typeName(), "unknown jsonb version "
                        + (length < 1 ? "(empty)" : Integer.toString(data[offset])));
            }
            return utf8(data, offset + 1, length - 1);
        }
    }

    private static final class ByteaCodec extends Codec<byte[]> {
        ByteaCodec() {
            super("bytea", byte[].class);
        }

        @Override
        public void encode(byte[] value, WriteBuffer out) {
            out.writeBytes(value);
        }

        @Override
        public byte[] decode(byte[] data, int offset, int length) {
            return Arrays.copyOfRange(data, offset, offset + length);
        }
    }

    private static final class UuidCodec extends Codec<UUID> {
        UuidCodec() {
            super("uuid", UUID.class);
        }

        @Override
        public void encode(UUID value, WriteBuffer out) {
            out.writeLong(value.getMostSignificantBits()).writeLong(value.getLeastSignificantBits());
        }

        @Override
        public UUID decode(byte[] data, int offset, int length) {
            requireLength(length, 16);
            return new UUID(BigEndian.getLong(data, offset), BigEndian.getLong(data, offset + 8));
        }
    }
}
