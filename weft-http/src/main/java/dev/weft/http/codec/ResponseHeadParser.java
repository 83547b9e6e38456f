package dev.weft.http.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
    private final CodecLimits limits;
    private final FieldBlock.Builder fields = new FieldBlock.Builder(new byte[0], 0);
    private int scanned;
    private int lineStart;
    private int consumed;
    private int status;
    private int minor;
    private String reason;
    private long contentLength;
    private int transferCodings;
    private boolean chunked;

    /** Creates a parser enforcing {@code limits} ({@code maxRequestLineLength} bounds the status line). */
    public ResponseHeadParser(CodecLimits limits) {
        this.limits = limits;
        reset();
    }

    /** Forgets a partly scanned head, ready for the next response. */
    public void reset() {
        scanned = 0;
        lineStart = 0;
        consumed = 0;
        status = 0;
        reason = null;
        contentLength = -1;
        transferCodings = 0;
        chunked = false;
        fields.clear();
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
        fields.at(buf, start);
        int i = start + scanned;
        while (i < end) {
            byte b = buf[i];
            if (b != Chars.CR) {
                if (b == Chars.LF) {
                    throw bad("bare LF in response head");
                }
                if (i - start == lineStart && status != 0 && Chars.isWhitespace(b)) {
                    throw bad("obsolete line folding in response head");
                }
                i++;
                if (status == 0 && i - start > limits.maxRequestLineLength()) {
                    throw bad("status line too long");
                }
                if (i - start > limits.maxHeaderSize()) {
                    throw bad("response head larger than " + limits.maxHeaderSize() + " bytes");
                }
                continue;
            }
            if (i + 1 == end) {
                break;
            }
            if (buf[i + 1] != Chars.LF) {
                throw bad("CR without LF in response head");
            }
            int lineEnd = i - start;
            i += 2;
            if (status == 0) {
                parseStatusLine(buf, start + lineStart, start + lineEnd);
            } else if (lineEnd == lineStart) {
                return complete(buf, start, i - start);
            } else {
                if (fields.size() == limits.maxHeaderCount()) {
                    throw bad("more than " + limits.maxHeaderCount() + " header fields");
                }
                fields.parseLine(start + lineStart, start + lineEnd);
                applyFraming();
            }
            lineStart = i - start;
        }
        scanned = i - start;
        return null;
    }

    private ResponseHead complete(byte[] buf, int start, int length) {
        FieldBlock block = fields.build(Arrays.copyOfRange(buf, start, start + length));
        boolean keepAlive = minor == 1
                ? !block.hasToken("connection", "close")
                : block.hasToken("connection", "keep-alive");
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
        if (fields.lastNameIs("content-length")) {
            long parsed = parseLength(fields.lastValue());
            if (contentLength >= 0 && contentLength != parsed) {
                throw bad("differing Content-Length values");
            }
            contentLength = parsed;
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

    private static long parseLength(String value) {
        long length = -1;
        for (String element : value.split(",", -1)) {
            String digits = element.strip();
            if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw bad("invalid Content-Length \"" + value + "\"");
            }
            long parsed = Long.parseLong(digits);
            if (length >= 0 && length != parsed) {
                throw bad("differing Content-Length values");
            }
            length = parsed;
        }
        return length;
    }

    private static HttpParseException bad(String reason) {
        return new HttpParseException(502, reason);
    }
}
