package dev.weft.http.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The field lines of one message head or trailer section, kept as offsets into one byte array: names
 * and values become {@code String}s only when asked for, so parsing allocates nothing per field.
 * Values are ISO-8859-1 (bytes 0x80-0xFF are obs-text), with surrounding whitespace already trimmed.
 * Immutable once built; safe to read from several threads.
 */
public final class FieldBlock {
    /** A block without fields. */
    public static final FieldBlock EMPTY = new FieldBlock(new byte[0], new int[0], 0);

    private final byte[] data;
    private final int[] spans;
    private final int size;

    private FieldBlock(byte[] data, int[] spans, int size) {
        this.data = data;
        this.spans = spans;
        this.size = size;
    }

    /** Number of field lines. */
    public int size() {
        return size;
    }

    /** The name of field {@code i} as sent (case preserved). */
    public String name(int i) {
        int at = index(i);
        return new String(data, spans[at], spans[at + 1] - spans[at], StandardCharsets.ISO_8859_1);
    }

    /** The value of field {@code i}. */
    public String value(int i) {
        int at = index(i);
        return new String(data, spans[at + 2], spans[at + 3] - spans[at + 2], StandardCharsets.ISO_8859_1);
    }

    /** Whether field {@code i} is named {@code name}, compared without case and without allocating. */
    public boolean nameIs(int i, String name) {
        int at = index(i);
        return Chars.equalsLower(data, spans[at], spans[at + 1] - spans[at], lower(name));
    }

    /** The first value of {@code name} (case-insensitive), or {@code null}. */
    public String first(String name) {
        String lower = lower(name);
        for (int i = 0; i < size; i++) {
            int at = i * 4;
            if (Chars.equalsLower(data, spans[at], spans[at + 1] - spans[at], lower)) {
                return value(i);
            }
        }
        return null;
    }

    /** Every field as a name (case preserved) and value pair, in order; a new mutable list. */
    public List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            entries.add(Map.entry(name(i), value(i)));
        }
        return entries;
    }

    /** Every value of {@code name} (case-insensitive), in order; empty when absent. */
    public List<String> all(String name) {
        String lower = lower(name);
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < size; i++) {
            int at = i * 4;
            if (Chars.equalsLower(data, spans[at], spans[at + 1] - spans[at], lower)) {
                values.add(value(i));
            }
        }
        return values;
    }

    /** How many field lines are named {@code name}. */
    public int count(String name) {
        String lower = lower(name);
        int n = 0;
        for (int i = 0; i < size; i++) {
            int at = i * 4;
            if (Chars.equalsLower(data, spans[at], spans[at + 1] - spans[at], lower)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether any {@code name} field holds {@code token} as one element of its comma-separated list
     * (case-insensitive), as for {@code Connection: keep-alive, Upgrade}.
     */
    public boolean hasToken(String name, String token) {
        String lowerName = lower(name);
        String lowerToken = lower(token);
        for (int i = 0; i < size; i++) {
            int at = i * 4;
            if (!Chars.equalsLower(data, spans[at], spans[at + 1] - spans[at], lowerName)) {
                continue;
            }
            int p = spans[at + 2];
            int end = spans[at + 3];
            while (p < end) {
                int comma = p;
                while (comma < end && data[comma] != ',') {
                    comma++;
                }
                int s = p;
                int e = comma;
                while (s < e && Chars.isWhitespace(data[s])) {
                    s++;
                }
                while (e > s && Chars.isWhitespace(data[e - 1])) {
                    e--;
                }
                if (Chars.equalsLower(data, s, e - s, lowerToken)) {
                    return true;
                }
                p = comma + 1;
            }
        }
        return false;
    }

    /**
     * Whether a message of HTTP/1.{@code minorVersion} with these fields leaves its connection open
     * (RFC 9112 section 9.3): for 1.1 unless {@code Connection: close}, for 1.0 only with {@code keep-alive}.
     */
    public boolean keepAlive(int minorVersion) {
        return minorVersion == 1 ? !hasToken("connection", "close") : hasToken("connection", "keep-alive");
    }

    private int index(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("field " + i + " of " + size);
        }
        return i * 4;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Collects field spans over one byte array; not thread-safe. */
    static final class Builder {
        private byte[] data;
        private int base;
        private int[] spans = new int[32];
        private int size;

        /** A builder reading lines from {@code data}; recorded spans are relative to {@code base}. */
        Builder(byte[] data, int base) {
            at(data, base);
        }

        /** Points at the (possibly moved) buffer holding the next lines, whose region starts at {@code base}. */
        void at(byte[] data, int base) {
            this.data = data;
            this.base = base;
        }

        void clear() {
            size = 0;
        }

        int size() {
            return size;
        }

        /**
         * Parses one field line {@code data[start, end)} (CRLF excluded) and records it. Refuses obs-fold,
         * whitespace before the colon, empty or non-token names and control bytes in the value.
         */
        void parseLine(int start, int end) {
            byte first = data[start];
            if (Chars.isWhitespace(first)) {
                throw HttpParseException.badRequest("obsolete line folding");
            }
            int colon = start;
            while (colon < end && Chars.isTchar(data[colon])) {
                colon++;
            }
            if (colon == end) {
                throw HttpParseException.badRequest("header line without colon");
            }
            if (data[colon] != ':') {
                throw HttpParseException.badRequest(Chars.isWhitespace(data[colon])
                        ? "whitespace before colon in header" : "invalid character in header name");
            }
            if (colon == start) {
                throw HttpParseException.badRequest("empty header name");
            }
            int vs = colon + 1;
            int ve = end;
            while (vs < ve && Chars.isWhitespace(data[vs])) {
                vs++;
            }
            while (ve > vs && Chars.isWhitespace(data[ve - 1])) {
                ve--;
            }
            for (int i = vs; i < ve; i++) {
                if (!Chars.isFieldContent(data[i])) {
                    throw HttpParseException.badRequest("invalid character in header value");
                }
            }
            if (size * 4 == spans.length) {
                spans = java.util.Arrays.copyOf(spans, spans.length * 2);
            }
            int at = size * 4;
            spans[at] = start - base;
            spans[at + 1] = colon - base;
            spans[at + 2] = vs - base;
            spans[at + 3] = ve - base;
            size++;
        }

        /** The last recorded field's name, compared like {@link FieldBlock#nameIs}. */
        boolean lastNameIs(String lowerName) {
            int at = (size - 1) * 4;
            return Chars.equalsLower(data, base + spans[at], spans[at + 1] - spans[at], lowerName);
        }

        /** The last recorded field's value. */
        String lastValue() {
            int at = (size - 1) * 4;
            return new String(data, base + spans[at + 2], spans[at + 3] - spans[at + 2], StandardCharsets.ISO_8859_1);
        }

        /** The block over {@code region}, a copy of the lines' region so that it outlives the read buffer. */
        FieldBlock build(byte[] region) {
            return size == 0 ? EMPTY : new FieldBlock(region, java.util.Arrays.copyOf(spans, size * 4), size);
        }
    }
}
