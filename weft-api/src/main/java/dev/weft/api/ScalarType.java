package dev.weft.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A value type read from one string (a path segment, a query parameter, a header) or one JSON scalar:
 * how it converts, its JSON Schema type and format, and the pydantic-style error it gives when the input
 * does not fit. Messages never name a Java class. Immutable.
 */
record ScalarType(Class<?> type, String jsonType, String format, Function<String, Object> fromText,
                  String errorType, String message) {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,400}");
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d{1,400}(\\.\\d{1,400})?([eE][+-]?\\d{1,4})?");
    private static final Pattern CANONICAL_UUID = Pattern.compile(
            "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    private static final Map<Class<?>, ScalarType> KNOWN = Arrays.stream(new ScalarType[]{
        text(String.class, null, s -> s, "string_type", "Input should be a valid string"),
        integer(int.class, Integer.MIN_VALUE, Integer.MAX_VALUE, BigInteger::intValueExact),
        integer(Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE, BigInteger::intValueExact),
        integer(long.class, Long.MIN_VALUE, Long.MAX_VALUE, BigInteger::longValueExact),
        integer(Long.class, Long.MIN_VALUE, Long.MAX_VALUE, BigInteger::longValueExact),
        integer(short.class, Short.MIN_VALUE, Short.MAX_VALUE, BigInteger::shortValueExact),
        integer(Short.class, Short.MIN_VALUE, Short.MAX_VALUE, BigInteger::shortValueExact),
        integer(byte.class, Byte.MIN_VALUE, Byte.MAX_VALUE, BigInteger::byteValueExact),
        integer(Byte.class, Byte.MIN_VALUE, Byte.MAX_VALUE, BigInteger::byteValueExact),
        new ScalarType(BigInteger.class, "integer", null, s -> parseInteger(s, null, null), "int_parsing",
                "Input should be a valid integer, unable to parse string as an integer"),
        number(double.class, "double", d -> d),
        number(Double.class, "double", d -> d),
        number(float.class, "float", ScalarType::toFloat),
        number(Float.class, "float", ScalarType::toFloat),
        new ScalarType(BigDecimal.class, "number", null, ScalarType::parseDecimal, "decimal_parsing",
                "Input should be a valid decimal"),
        bool(boolean.class), bool(Boolean.class),
        text(UUID.class, "uuid", ScalarType::parseUuid, "uuid_parsing", "Input should be a valid UUID"),
        text(LocalDate.class, "date", LocalDate::parse, "date_parsing",
                "Input should be a valid date in the format YYYY-MM-DD"),
        text(LocalDateTime.class, "date-time", LocalDateTime::parse, "datetime_parsing",
                "Input should be a valid datetime without a time zone"),
        text(OffsetDateTime.class, "date-time", OffsetDateTime::parse, "datetime_parsing",
                "Input should be a valid datetime with a time zone offset"),
        text(ZonedDateTime.class, "date-time", ZonedDateTime::parse, "datetime_parsing",
                "Input should be a valid datetime with a time zone offset"),
        text(Instant.class, "date-time", s -> OffsetDateTime.parse(s).toInstant(), "datetime_parsing",
                "Input should be a valid datetime with a time zone offset"),
        text(LocalTime.class, "time", LocalTime::parse, "time_parsing", "Input should be a valid time"),
        text(Duration.class, "duration", Duration::parse, "time_delta_parsing",
                "Input should be a valid ISO 8601 duration"),
        text(URI.class, "uri", ScalarType::parseUri, "url_parsing", "Input should be a valid absolute URL"),
    }).collect(Collectors.toUnmodifiableMap(ScalarType::type, t -> t));

    /** The scalar type for {@code type}, or null when it is not one (enums are scalars). */
    static ScalarType of(Class<?> type) {
        ScalarType known = KNOWN.get(type);
        if (known != null || !type.isEnum()) {
            return known;
        }
        Object[] constants = type.getEnumConstants();
        String allowed = Arrays.stream(constants).map(c -> "'" + ((Enum<?>) c).name() + "'")
                .collect(Collectors.joining(", "));
        int last = allowed.lastIndexOf(", ");
        String choices = last < 0 ? allowed : allowed.substring(0, last) + " or " + allowed.substring(last + 2);
        return new ScalarType(type, "string", null, s -> enumConstant(constants, s), "enum",
                "Input should be " + choices);
    }

    /** Whether this is an enum, whose constants the schema lists. */
    boolean isEnum() {
        return type.isEnum();
    }

    /** Converts {@code text}; throws {@link IllegalArgumentException} when it does not fit. */
    Object parse(String text) {
        try {
            Object value = fromText.apply(text);
            if (value == null) {
                throw new IllegalArgumentException(message);
            }
            return value;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(message, e);
        }
    }

    /**
     * Converts a JSON scalar, which must have this type's JSON kind (no strings for numbers, no
     * fractions for integers); returns the value or a {@link Problem}.
     */
    Object fromJson(JsonNode node) {
        switch (jsonType) {
            case "integer" -> {
                if (node.isIntegralNumber()) {
                    return parseOrProblem(node.asText());
                }
                return node.isNumber()
                        ? new Problem("int_from_float", "Input should be a valid integer, got a number with a fractional part")
                        : new Problem("int_type", "Input should be a valid integer");
            }
            case "number" -> {
                return node.isNumber() ? parseOrProblem(node.asText()) : new Problem("float_type", "Input should be a valid number");
            }
            case "boolean" -> {
                return node.isBoolean() ? node.booleanValue() : new Problem("bool_type", "Input should be a valid boolean");
            }
            default -> {
                return node.isTextual() ? parseOrProblem(node.textValue()) : new Problem("string_type", "Input should be a valid string");
            }
        }
    }

    private Object parseOrProblem(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return new Problem(errorType, message);
        }
    }

    /** A conversion failure: pydantic's error type and message. */
    record Problem(String type, String message) {
    }

    private static ScalarType text(Class<?> type, String format, Function<String, Object> parse, String error, String message) {
        return new ScalarType(type, "string", format, parse, error, message);
    }

    private static ScalarType integer(Class<?> type, long min, long max, Function<BigInteger, Object> narrow) {
        String format = max == Long.MAX_VALUE ? "int64" : max == Integer.MAX_VALUE ? "int32" : null;
        return new ScalarType(type, "integer", format, s -> narrow.apply((BigInteger) parseInteger(s, min, max)),
                "int_parsing", "Input should be a valid integer, unable to parse string as an integer"
                        + (max < Long.MAX_VALUE ? " between " + min + " and " + max : ""));
    }

    private static ScalarType number(Class<?> type, String format, Function<Double, Object> narrow) {
        return new ScalarType(type, "number", format, s -> narrow.apply(parseDouble(s)), "float_parsing",
                "Input should be a valid number, unable to parse string as a number");
    }

    private static ScalarType bool(Class<?> type) {
        return new ScalarType(type, "boolean", null, ScalarType::parseBoolean, "bool_parsing",
                "Input should be a valid boolean, unable to interpret input");
    }

    private static Object parseInteger(String s, Long min, Long max) {
        if (!INTEGER.matcher(s).matches()) {
            throw new IllegalArgumentException(s);
        }
        var value = new BigInteger(s);
        if (min != null && (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0)) {
            throw new IllegalArgumentException(s);
        }
        return value;
    }

    private static double parseDouble(String s) {
        if (!NUMBER.matcher(s).matches()) {
            throw new IllegalArgumentException(s);
        }
        double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) {
            throw new IllegalArgumentException(s);
        }
        return d;
    }

    private static Object toFloat(double d) {
        float f = (float) d;
        if (Float.isInfinite(f)) {
            throw new IllegalArgumentException("out of range");
        }
        return f;
    }

    private static Object parseDecimal(String s) {
        if (!NUMBER.matcher(s).matches()) {
            throw new IllegalArgumentException(s);
        }
        return new BigDecimal(s);
    }

    private static Object parseBoolean(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> Boolean.TRUE;
            case "false", "0", "no", "off" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(s);
        };
    }

    private static Object parseUuid(String s) {
        if (!CANONICAL_UUID.matcher(s).matches()) {
            throw new IllegalArgumentException(s);
        }
        return UUID.fromString(s);
    }

    private static Object parseUri(String s) {
        URI uri = URI.create(s);
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException(s);
        }
        return uri;
    }

    private static Object enumConstant(Object[] constants, String name) {
        for (Object c : constants) {
            if (((Enum<?>) c).name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
