package dev.weft.http.codec;

import java.nio.charset.StandardCharsets;

/**
 * Finds and parses one HTTP/1.1 response head (RFC 9112 sections 4 and 6.3) in bytes that arrive piece
 * by piece; the client's twin of {@link HeadParser}, with the same strict line rules (no bare CR or LF,
 * no obs-fold, bounded size and field count, unambiguous framing) and the same resumable scan. It does
 * no I/O. Not thread-safe: one per connection.
 *
 * <p>Errors are reported with {@link HttpParseException}; its status is meaningless to a client (502
 * is used), the reason says what the server got wrong.
 *
 * {@snippet :
 * var parser = new ResponseHeadParser(CodecLimits.DEFAULT);
 * ResponseHead head = parser.parse(buf, start, end);  // null: need more bytes
 * if (head != null) start += parser.consumed();        // the body (if any) starts here
 * }
 */
public final class ResponseHeadParser {
    private final HeadScanner scanner;
    private int consumed;
    private int status;
    private int minor;
    private String reason;
    private long contentLength;
    private int transferCodings;
    private boolean chunked;

    /** Creates a parser enforcing {@code limits} ({@code maxRequestLineLength} bounds the status line). */
    public ResponseHeadParser(CodecLimits limits) {
        this.scanner = new HeadScanner(limits, true, new StatusLines());
        reset();
    }

    /** Forgets a partly scanned head, ready for the next response. */
    public void reset() {
        scanner.reset();
        consumed = 0;
        status = 0;
        reason = null;
        contentLength = -1;
        transferCodings = 0;
        chunked = false;
    }

    /** Bytes of the region taken by the last complete head. */
    public int consumed() {
        return consumed;
    }

    /**
     * Parses a response head from {@code buf[start, end)}.
     *
     * @return the head, after which {@link #consumed()} tells how many bytes it took; or {@code null}
     *     when the head is not complete yet
     * @throws HttpParseException when the bytes are not a valid head or break a limit
     */
    public ResponseHead parse(byte[] buf, int start, int end) {
        int length = scanner.scan(buf, start, end);
        if (length < 0) {
            return null;
        }
        FieldBlock block = scanner.complete(buf, start, length);
        boolean keepAlive = block.keepAlive(minor);
        // Both Transfer-Encoding and Content-Length: the coding wins and the connection is not reused
        // (RFC 9112 section 6.3 item 3). A coding other than a final chunked makes the body close-delimited (RFC 9112 section 6.3 item 4).
        boolean closeDelimitedCoding = transferCodings > 0 && !chunked;
        var head = new ResponseHead(minor, status, reason, block,
                chunked || closeDelimitedCoding ? -1 : contentLength, chunked,
                keepAlive && !closeDelimitedCoding && !(transferCodings > 0 && contentLength >= 0));
        reset();
        consumed = length;
        return head;
    }

    /** The scanner's view of this parser: the status line, then each field line's framing. */
    private final class StatusLines implements HeadScanner.Lines {
        @Override
        public void startLine(byte[] buf, int start, int end) {
            parseStatusLine(buf, start, end);
        }

        @Override
        public void fieldLine() {
            applyFraming();
        }
    }

    /** status-line = HTTP-version SP status-code SP [ reason-phrase ]. */
    private void parseStatusLine(byte[] b, int start, int end) {
        int p = start;
        if (end - p < 12 || b[p] != 'H' || b[p + 1] != 'T' || b[p + 2] != 'T' || b[p + 3] != 'P' || b[p + 4] != '/'
                || b[p + 5] != '1' || b[p + 6] != '.' || (b[p + 7] != '0' && b[p + 7] != '1') || b[p + 8] != Chars.SP) {
            throw bad("invalid status line");
        }
        int code = 0;
        for (int k = p + 9; k < p + 12; k++) {
            if (b[k] < '0' || b[k] > '9') {
                throw bad("invalid status code");
            }
            code = code * 10 + (b[k] - '0');
        }
        if (code < 100) {
            throw bad("invalid status code " + code);
        }
        if (end > p + 12 && b[p + 12] != Chars.SP) {
            throw bad("invalid status line");
        }
        for (int k = p + 13; k < end; k++) {
            if (!Chars.isFieldContent(b[k])) {
                throw bad("invalid character in reason phrase");
            }
        }
        minor = b[p + 7] - '0';
        reason = end > p + 13 ? new String(b, p + 13, end - p - 13, StandardCharsets.ISO_8859_1) : "";
        status = code;
    }

    private void applyFraming() {
        FieldBlock.Builder fields = scanner.fields;
        if (fields.lastNameIs("content-length")) {
            contentLength = scanner.mergeContentLength(contentLength, fields.lastValue());
        } else if (fields.lastNameIs("transfer-encoding")) {
            for (String coding : fields.lastValue().split(",", -1)) {
                String c = coding.strip();
                if (!c.isEmpty()) {
                    transferCodings++;
                    chunked = c.equalsIgnoreCase("chunked");
                }
            }
        }
    }

    private static HttpParseException bad(String reason) {
        return new HttpParseException(502, reason);
    }
}
