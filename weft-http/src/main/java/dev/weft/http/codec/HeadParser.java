package dev.weft.http.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds and parses one HTTP/1.1 request head (RFC 9112) in bytes that arrive piece by piece. It does
 * no I/O: the caller appends bytes to its buffer and calls {@link #parseRequest} again with the same
 * unconsumed region (which may have moved); scanning resumes where it stopped and each line is checked
 * as soon as its CRLF arrives, so a bad request is refused without waiting for the rest of the head.
 * Strict: bare CR or LF, obs-fold, whitespace before a colon, control bytes, bad request lines and
 * ambiguous body framing are refused with an {@link HttpParseException}. Not thread-safe: one per connection.
 *
 * <p>Field lines are kept as offsets (see {@link FieldBlock}); the only copies per request are the
 * head's bytes (one array), the target string and, for uncommon methods, the method string.
 *
 * <p>Responses have their twin, {@link ResponseHeadParser}; {@link BodyDecoder} serves both.
 *
 * {@snippet :
 * var parser = new HeadParser(CodecLimits.DEFAULT);
 * RequestHead head = parser.parseRequest(buf, start, end); // null: need more bytes
 * if (head != null) start += parser.consumed();            // the body (if any) starts here
 * }
 */
public final class HeadParser {
    private static final String[] KNOWN_METHODS = {"HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"};
    private static final byte[][] KNOWN_METHOD_BYTES = Arrays.stream(KNOWN_METHODS)
            .map(m -> m.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    private final CodecLimits limits;
    private final FieldBlock.Builder fields = new FieldBlock.Builder(new byte[0], 0);
    /** Bytes of the current region already scanned (relative to the region's start). */
    private int scanned;
    /** Start of the current line, relative to the region's start. */
    private int lineStart;
    /** Start of the request line; CRLFs before it are skipped (RFC 9112 section 2.2). */
    private int headStart;
    private int consumed;
    private boolean startLineSeen;
    private String method;
    private String target;
    private int minor;
    private long contentLength;
    private boolean chunked;

    /** Creates a parser enforcing {@code limits}. */
    public HeadParser(CodecLimits limits) {
        this.limits = limits;
        reset();
    }

    /** Forgets a partly scanned head, ready for the next message. */
    public void reset() {
        scanned = 0;
        lineStart = 0;
        headStart = 0;
        consumed = 0;
        startLineSeen = false;
        method = null;
        target = null;
        contentLength = -1;
        chunked = false;
        fields.clear();
    }

    /** Bytes of the region taken by the last complete head (leading empty lines included). */
    public int consumed() {
        return consumed;
    }

    /** Whether bytes of a next request have been seen (an idle keep-alive connection has seen none). */
    public boolean started() {
        return scanned > headStart;
    }

    /**
     * Parses a request head from {@code buf[start, end)}.
     *
     * @return the head, after which {@link #consumed()} tells how many bytes it took; or {@code null}
     *     when the head is not complete yet
     * @throws HttpParseException when the bytes are not a valid head or break a limit
     */
    public RequestHead parseRequest(byte[] buf, int start, int end) {
        int length = scan(buf, start, end);
        if (length < 0) {
            return null;
        }
        FieldBlock block = complete(buf, start, length);
        boolean keepAlive = keepAlive(block);
        var head = new RequestHead(method, target, minor, block, contentLength, chunked, keepAlive);
        reset();
        consumed = length;
        return head;
    }

    /** Advances the scan; the head's length once its empty line has been seen, else -1. */
    private int scan(byte[] buf, int start, int end) {
        fields.at(buf, start);
        int i = start + scanned;
        while (i < end) {
            byte b = buf[i];
            if (b != Chars.CR) {
                if (b == Chars.LF) {
                    throw HttpParseException.badRequest("bare LF in head");
                }
                if (i - start == lineStart && startLineSeen && Chars.isWhitespace(b)) {
                    throw HttpParseException.badRequest("obsolete line folding");
                }
                i++;
                checkSize(i - start);
                continue;
            }
            if (i + 1 == end) {
                break;
            }
            if (buf[i + 1] != Chars.LF) {
                throw HttpParseException.badRequest("CR without LF in head");
            }
            int lineEnd = i - start;
            i += 2;
            if (lineEnd == lineStart) {
                if (startLineSeen) {
                    return i - start;
                }
                if (lineStart >= 16) {
                    throw HttpParseException.badRequest("too many empty lines before the start line");
                }
                headStart = i - start;
            } else if (!startLineSeen) {
                parseRequestLine(buf, start + lineStart, start + lineEnd);
                startLineSeen = true;
            } else {
                if (fields.size() == limits.maxHeaderCount()) {
                    throw new HttpParseException(431, "too many header fields");
                }
                fields.parseLine(start + lineStart, start + lineEnd);
                checkFraming();
            }
            lineStart = i - start;
        }
        scanned = i - start;
        return -1;
    }

    private void checkSize(int scannedBytes) {
        if (!startLineSeen && scannedBytes - headStart > limits.maxRequestLineLength()) {
            throw new HttpParseException(414, "request line too long");
        }
        if (scannedBytes - headStart > limits.maxHeaderSize()) {
            throw new HttpParseException(431, "request header section too large");
        }
    }

    private FieldBlock complete(byte[] buf, int start, int length) {
        if (chunked && contentLength >= 0) {
            throw HttpParseException.badRequest("both Content-Length and Transfer-Encoding");
        }
        // The head's bytes are copied once so the fields outlive the connection's read buffer.
        return fields.build(Arrays.copyOfRange(buf, start, start + length));
    }

    private boolean keepAlive(FieldBlock block) {
        return minor == 1 ? !block.hasToken("connection", "close") : block.hasToken("connection", "keep-alive");
    }

    private void parseRequestLine(byte[] b, int start, int end) {
        int p = start;
        while (p < end && Chars.isTchar(b[p])) {
            p++;
        }
        if (p == start || p == end || b[p] != Chars.SP) {
            throw HttpParseException.badRequest("invalid method");
        }
        String m = method(b, start, p);
        int targetStart = ++p;
        while (p < end && Chars.isTargetChar(b[p])) {
            p++;
        }
        if (p == targetStart || p < end && b[p] != Chars.SP) {
            throw HttpParseException.badRequest("invalid request target");
        }
        if (p == end) {
            throw HttpParseException.badRequest("missing HTTP version");
        }
        String t = new String(b, targetStart, p - targetStart, StandardCharsets.ISO_8859_1);
        checkTargetForm(m, t);
        p++;
        if (end - p != 8 || b[p] != 'H' || b[p + 1] != 'T' || b[p + 2] != 'T' || b[p + 3] != 'P'
                || b[p + 4] != '/' || !isDigit(b[p + 5]) || b[p + 6] != '.' || !isDigit(b[p + 7])) {
            throw HttpParseException.badRequest("invalid HTTP version");
        }
        if (b[p + 5] != '1' || b[p + 7] > '1') {
            throw new HttpParseException(505, "HTTP version not supported");
        }
        minor = b[p + 7] - '0';
        target = t;
        method = m;
    }

    private static void checkTargetForm(String method, String target) {
        char first = target.charAt(0);
        boolean ok;
        if (first == '/') {
            ok = true;
        } else if (first == '*') {
            ok = target.length() == 1 && method.equals("OPTIONS");
        } else if (method.equals("CONNECT")) {
            ok = target.indexOf('/') < 0 && target.lastIndexOf(':') > 0;
        } else {
            int colon = target.indexOf("://");
            ok = colon > 0 && Character.isLetter(first) && target.chars().limit(colon)
                    .allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
        }
        if (!ok) {
            throw HttpParseException.badRequest("invalid request target");
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Shares one String per common method instead of allocating one per request. */
    private static String method(byte[] b, int start, int end) {
        int len = end - start;
        if (len == 3 && b[start] == 'G' && b[start + 1] == 'E' && b[start + 2] == 'T') {
            return "GET";
        }
        if (len == 4 && b[start] == 'P' && b[start + 1] == 'O' && b[start + 2] == 'S' && b[start + 3] == 'T') {
            return "POST";
        }
        for (int k = 0; k < KNOWN_METHODS.length; k++) {
            if (Arrays.equals(b, start, end, KNOWN_METHOD_BYTES[k], 0, KNOWN_METHOD_BYTES[k].length)) {
                return KNOWN_METHODS[k];
            }
        }
        return new String(b, start, len, StandardCharsets.US_ASCII);
    }

    /** Applies the field just parsed to the body framing (RFC 9112 section 6), refusing ambiguity at once. */
    private void checkFraming() {
        if (fields.lastNameIs("content-length")) {
            contentLength = mergeContentLength(contentLength, fields.lastValue());
        } else if (fields.lastNameIs("transfer-encoding")) {
            if (minor == 0) {
                throw HttpParseException.badRequest("Transfer-Encoding in an HTTP/1.0 request");
            }
            int codings = 0;
            for (String coding : fields.lastValue().split(",", -1)) {
                String c = coding.strip();
                if (c.isEmpty()) {
                    continue;
                }
                if (chunked) {
                    throw HttpParseException.badRequest("chunked must be the last transfer coding, once");
                }
                if (!c.equalsIgnoreCase("chunked")) {
                    throw HttpParseException.badRequest("unsupported transfer coding");
                }
                chunked = true;
                codings++;
            }
            if (codings == 0) {
                throw HttpParseException.badRequest("empty Transfer-Encoding");
            }
        } else {
            return;
        }
        if (chunked && contentLength >= 0) {
            throw HttpParseException.badRequest("both Content-Length and Transfer-Encoding");
        }
    }

    /** Accepts repeated identical values ("42, 42" or two lines), refuses differing or malformed ones. */
    private static long mergeContentLength(long previous, String value) {
        long length = previous;
        for (String element : value.split(",", -1)) {
            String digits = element.strip();
            if (digits.isEmpty()) {
                throw HttpParseException.badRequest("invalid Content-Length");
            }
            long parsed = 0;
            for (int i = 0; i < digits.length(); i++) {
                char c = digits.charAt(i);
                if (c < '0' || c > '9') {
                    throw HttpParseException.badRequest("invalid Content-Length");
                }
                if (parsed > (Long.MAX_VALUE - 9) / 10) {
                    throw new HttpParseException(413, "Content-Length too large");
                }
                parsed = parsed * 10 + (c - '0');
            }
            if (length >= 0 && length != parsed) {
                throw HttpParseException.badRequest("differing Content-Length values");
            }
            length = parsed;
        }
        return length;
    }
}
