package dev.weft.http.codec;

import java.util.Arrays;

/**
 * The strict, resumable line scan that {@link HeadParser} and {@link ResponseHeadParser} share (RFC 9112
 * sections 2.2 and 5): it finds CRLF-ended lines in bytes that arrive piece by piece, resumes where it
 * stopped, hands the start line and each field line to its parser as soon as the line's CRLF arrives,
 * and refuses bare CR or LF, obs-fold, oversized heads and too many fields. Lines travel as offsets and
 * fields are recorded as spans, so the scan allocates nothing. Not thread-safe: one per parser.
 *
 * <p>Refusals carry the request parser's status (400, 414, 431, 413); for a response, whose status means
 * nothing to the client that parses it, 502.
 */
final class HeadScanner {
    /** What a parser does with the lines the scan finds. */
    interface Lines {
        /** Parses the start line {@code buf[start, end)} (CRLF excluded). */
        void startLine(byte[] buf, int start, int end);

        /** Applies the field line just recorded in {@link HeadScanner#fields} (framing checks). */
        void fieldLine();
    }

    /** Blank lines a server skips before a request line (RFC 9112 section 2.2), in bytes. */
    private static final int MAX_LEADING_EMPTY = 16;

    /** The field lines of the head being scanned. */
    final FieldBlock.Builder fields = new FieldBlock.Builder(new byte[0], 0);
    private final CodecLimits limits;
    private final boolean response;
    private final Lines lines;
    /** Bytes of the current region already scanned (relative to the region's start). */
    private int scanned;
    /** Start of the current line, relative to the region's start. */
    private int lineStart;
    /** Start of the start line; empty lines before a request line are skipped. */
    private int headStart;
    private boolean startLineSeen;

    HeadScanner(CodecLimits limits, boolean response, Lines lines) {
        this.limits = limits;
        this.response = response;
        this.lines = lines;
    }

    void reset() {
        scanned = 0;
        lineStart = 0;
        headStart = 0;
        startLineSeen = false;
        fields.clear();
    }

    /** Whether bytes of a next head have been seen (skipped empty lines do not count). */
    boolean started() {
        return scanned > headStart;
    }

    /** Advances the scan over {@code buf[start, end)}; the head's length once its empty line arrived, else -1. */
    int scan(byte[] buf, int start, int end) {
        fields.at(buf, start);
        int i = start + scanned;
        while (i < end) {
            byte b = buf[i];
            if (b != Chars.CR) {
                if (b == Chars.LF) {
                    throw refuse(400, "bare LF in " + noun());
                }
                if (i - start == lineStart && startLineSeen && Chars.isWhitespace(b)) {
                    throw refuse(400, "obsolete line folding in " + noun());
                }
                i++;
                checkSize(i - start);
                continue;
            }
            if (i + 1 == end) {
                break;
            }
            if (buf[i + 1] != Chars.LF) {
                throw refuse(400, "CR without LF in " + noun());
            }
            int lineEnd = i - start;
            i += 2;
            if (lineEnd == lineStart && startLineSeen) {
                return i - start;
            }
            if (lineEnd == lineStart && !response) {
                if (lineStart >= MAX_LEADING_EMPTY) {
                    throw refuse(400, "too many empty lines before the start line");
                }
                headStart = i - start;
            } else if (!startLineSeen) {
                lines.startLine(buf, start + lineStart, start + lineEnd);
                startLineSeen = true;
            } else {
                if (fields.size() == limits.maxHeaderCount()) {
                    throw refuse(431, "more than " + limits.maxHeaderCount() + " header fields");
                }
                fields.parseLine(start + lineStart, start + lineEnd);
                lines.fieldLine();
            }
            lineStart = i - start;
        }
        scanned = i - start;
        return -1;
    }

    private void checkSize(int scannedBytes) {
        if (!startLineSeen && scannedBytes - headStart > limits.maxRequestLineLength()) {
            throw refuse(414, (response ? "status" : "request") + " line too long");
        }
        if (scannedBytes - headStart > limits.maxHeaderSize()) {
            throw refuse(431, noun() + " larger than " + limits.maxHeaderSize() + " bytes");
        }
    }

    /** The fields of the complete head {@code buf[start, start+length)}, over a copy that outlives the read buffer. */
    FieldBlock complete(byte[] buf, int start, int length) {
        return fields.build(Arrays.copyOfRange(buf, start, start + length));
    }

    /**
     * Merges a {@code Content-Length} value into the length seen so far ({@code -1}: none): repeated
     * identical values, as {@code 42, 42} or two lines, are one length; differing or malformed ones are
     * refused. The response side's rule; a request's is stricter (see {@link RequestFraming}).
     */
    long mergeContentLength(long previous, String value) {
        long length = previous;
        for (String element : value.split(",", -1)) {
            long parsed = contentLength(value, element.strip());
            if (length >= 0 && length != parsed) {
                throw refuse(400, "differing Content-Length values");
            }
            length = parsed;
        }
        return length;
    }

    /** The number {@code digits} (1*DIGIT) taken from the field value {@code value}, which the refusal quotes. */
    long contentLength(String value, String digits) {
        if (digits.isEmpty()) {
            throw refuse(400, "invalid Content-Length \"" + value + "\"");
        }
        long parsed = 0;
        for (int k = 0; k < digits.length(); k++) {
            char c = digits.charAt(k);
            if (c < '0' || c > '9') {
                throw refuse(400, "invalid Content-Length \"" + value + "\"");
            }
            if (parsed > (Long.MAX_VALUE - 9) / 10) {
                throw refuse(413, "Content-Length too large");
            }
            parsed = parsed * 10 + (c - '0');
        }
        return parsed;
    }

    /** The refusal of this head: {@code requestStatus} for a request, 502 for a response. */
    HttpParseException refuse(int requestStatus, String reason) {
        return new HttpParseException(response ? 502 : requestStatus, reason);
    }

    private String noun() {
        return response ? "response head" : "request head";
    }
}
