package dev.weft.http.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds and parses one HTTP/1.1 request head (RFC 9112) in bytes that arrive piece by piece. It does
 * no I/O: the caller appends bytes to its buffer and calls {@link #parseRequest} again with the same
 * unconsumed region (which may have moved); scanning resumes where it stopped and each line is checked
 * as soon as its CRLF arrives, so a bad request is refused without waiting for the rest of the head.
 * Strict: bare CR or LF, obs-fold, whitespace before a colon, control bytes, bad request lines and
 * ambiguous body framing are refused with an {@link HttpParseException} (framing rules in
 * {@link RequestFraming}); a target's raw UTF-8 bytes are accepted and percent-encoded. Not thread-safe:
 * one per connection.
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

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final HeadScanner scanner;
    private final RequestFraming framing;
    private int consumed;
    private String method;
    private String target;
    private int minor;

    /** Creates a parser enforcing {@code limits}. */
    public HeadParser(CodecLimits limits) {
        this.scanner = new HeadScanner(limits, false, new RequestLines());
        this.framing = new RequestFraming(scanner);
        reset();
    }

    /** Forgets a partly scanned head, ready for the next message. */
    public void reset() {
        scanner.reset();
        consumed = 0;
        method = null;
        target = null;
        framing.reset();
    }

    /** Bytes of the region taken by the last complete head (leading empty lines included). */
    public int consumed() {
        return consumed;
    }

    /** Whether bytes of a next request have been seen (an idle keep-alive connection has seen none). */
    public boolean started() {
        return scanner.started();
    }

    /**
     * Parses a request head from {@code buf[start, end)}.
     *
     * @return the head, after which {@link #consumed()} tells how many bytes it took; or {@code null}
     *     when the head is not complete yet
     * @throws HttpParseException when the bytes are not a valid head or break a limit
     */
    public RequestHead parseRequest(byte[] buf, int start, int end) {
        int length = scanner.scan(buf, start, end);
        if (length < 0) {
            return null;
        }
        framing.complete();
        FieldBlock block = scanner.complete(buf, start, length);
        var head = new RequestHead(method, target, minor, block, framing.contentLength(), framing.chunked(),
                block.keepAlive(minor));
        reset();
        consumed = length;
        return head;
    }

    /** The scanner's view of this parser: the request line, then each field line's framing. */
    private final class RequestLines implements HeadScanner.Lines {
        @Override
        public void startLine(byte[] buf, int start, int end) {
            parseRequestLine(buf, start, end);
        }

        @Override
        public void fieldLine() {
            framing.fieldLine(scanner.fields, minor);
        }
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
        boolean raw = false;
        while (p < end && Chars.isTargetChar(b[p])) {
            raw |= b[p] < 0;
            p++;
        }
        if (p == targetStart || p < end && b[p] != Chars.SP) {
            throw HttpParseException.badRequest("invalid request target");
        }
        if (p == end) {
            throw HttpParseException.badRequest("missing HTTP version");
        }
        String t = raw ? percentEncoded(b, targetStart, p)
                : new String(b, targetStart, p - targetStart, StandardCharsets.ISO_8859_1);
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

    /**
     * The target with each byte above 0x7F written as {@code %XX}. A URI holds no such byte; clients that
     * send UTF-8 unencoded mean its percent-encoded form (RFC 3987 section 3.1), and RFC 9110 section 2.2
     * lets a recipient recover that meaning. Encoding here means everything after the parser sees one URI
     * and decodes it one way, as if the client had encoded it.
     */
    private static String percentEncoded(byte[] b, int start, int end) {
        var encoded = new StringBuilder(end - start + 32);
        for (int i = start; i < end; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return encoded.toString();
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
}
