package dev.weft.http.codec;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A field value followed by {@code ;}-separated parameters (RFC 9110 section 5.6.6), the shape of
 * {@code Content-Type} and {@code Content-Disposition}: {@code text/html; charset="utf-8"}. The server's
 * request and the client's response read their media type and charset through it, and multipart parts
 * their disposition. Lenient where deployed senders are (whitespace around {@code =}, parameters without
 * a value are skipped); quoted strings may hold {@code ;} and backslash escapes. Immutable and thread-safe.
 *
 * {@snippet :
 * var type = ParameterizedValue.parse("Text/HTML; Charset=\"UTF-8\"");
 * type.value();              // "text/html"
 * type.parameter("charset"); // "UTF-8"
 * }
 *
 * @param value      the part before the first {@code ;}, stripped and lower-cased
 * @param parameters the parameters by lower-case name, values unquoted; the first of repeated names wins
 */
public record ParameterizedValue(String value, Map<String, String> parameters) {
    /** Validates the components; a null one throws {@link NullPointerException}. */
    public ParameterizedValue {
        if (value == null || parameters == null) {
            throw new NullPointerException("value " + value + ", parameters " + parameters);
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Parses a field value; {@code null} (an absent field) gives {@code null}. */
    public static ParameterizedValue parse(String field) {
        if (field == null) {
            return null;
        }
        int semicolon = field.indexOf(';');
        String value = (semicolon < 0 ? field : field.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        var parameters = new LinkedHashMap<String, String>();
        int i = semicolon;
        while (i >= 0 && i < field.length()) {
            i = parameter(field, i + 1, parameters);
        }
        return new ParameterizedValue(value, parameters);
    }

    /** The lower-cased value of a field (a media type without its parameters), or {@code null} for an absent field. */
    public static String valueOf(String field) {
        ParameterizedValue parsed = parse(field);
        return parsed == null ? null : parsed.value();
    }

    /**
     * The charset of a body whose {@code Content-Type} is {@code field}: its {@code charset} parameter,
     * UTF-8 when the field or the parameter is absent.
     *
     * @throws UnsupportedCharsetException when the named charset is unknown; the caller decides whether
     *     that is the sender's error (a server) or a reason to fall back (a client)
     */
    public static Charset charsetOf(String field) {
        ParameterizedValue parsed = parse(field);
        Charset charset = parsed == null ? null : parsed.charset();
        return charset == null ? StandardCharsets.UTF_8 : charset;
    }

    /** The value of parameter {@code name} (case-insensitive), or {@code null}. */
    public String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The {@code charset} parameter as a {@link Charset}, or {@code null} when there is none.
     *
     * @throws UnsupportedCharsetException when the name is not a charset this runtime knows (or not a legal name)
     */
    public Charset charset() {
        String name = parameter("charset");
        if (name == null) {
            return null;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException e) {
            throw new UnsupportedCharsetException(name);
        }
    }

    /** Reads one parameter starting at {@code from}; returns where the next {@code ;} is, or -1. */
    private static int parameter(String field, int from, Map<String, String> into) {
        int i = from;
        while (i < field.length() && field.charAt(i) != ';' && field.charAt(i) != '=') {
            i++;
        }
        if (i == field.length() || field.charAt(i) == ';') {
            return i == field.length() ? -1 : i; // a parameter without a value: skipped
        }
        int eq = i;
        String name = field.substring(from, eq).strip().toLowerCase(Locale.ROOT);
        int start = eq + 1;
        while (start < field.length() && (field.charAt(start) == ' ' || field.charAt(start) == '\t')) {
            start++;
        }
        String value;
        int next;
        if (start < field.length() && field.charAt(start) == '"') {
            var text = new StringBuilder();
            int p = start + 1;
            while (p < field.length() && field.charAt(p) != '"') {
                char c = field.charAt(p);
                if (c == '\\' && p + 1 < field.length()) {
                    c = field.charAt(++p);
                }
                text.append(c);
                p++;
            }
            value = text.toString();
            next = field.indexOf(';', p);
        } else {
            next = field.indexOf(';', start);
            value = field.substring(start, next < 0 ? field.length() : next).strip();
        }
        if (!name.isEmpty()) {
            into.putIfAbsent(name, value);
        }
        return next;
    }
}
