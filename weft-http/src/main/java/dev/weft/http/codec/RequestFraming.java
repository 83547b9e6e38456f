package dev.weft.http.codec;

/**
 * How a request's body is delimited (RFC 9112 section 6), decided from its {@code Content-Length} and
 * {@code Transfer-Encoding} lines as they arrive. Strict where a wrong guess lets a request be smuggled
 * past a proxy that reads the head differently; never refusing what is legal:
 * <ul>
 *   <li>{@code Content-Length} is exactly one decimal number: a list, even of equal values, or a second
 *       field is 400 (RFC 9110 section 8.6 lets a recipient refuse them; a proxy in front may have picked
 *       another of the values);
 *   <li>both fields, a coding after {@code chunked}, or {@code Transfer-Encoding} in HTTP/1.0 are 400
 *       as soon as the line arrives;
 *   <li>at the end of the head, a list whose final coding is not {@code chunked} is 400 (section 6.3:
 *       the length cannot be determined); one that ends in {@code chunked} but also names a coding
 *       Weft does not implement (gzip, deflate, identity, parameters on chunked, ...) is 501 (section 6.1).
 * </ul>
 * Not thread-safe: one per {@link HeadParser}.
 */
final class RequestFraming {
    /** The longest coding name echoed back in a 501 reason. */
    private static final int MAX_ECHOED = 32;

    private final HeadScanner scanner;
    private long contentLength;
    private boolean transferEncoding;
    /** Whether the last coding seen so far is named chunked (with or without parameters). */
    private boolean lastIsChunked;
    /** The first coding other than a bare {@code chunked}, or null. */
    private String unimplemented;

    RequestFraming(HeadScanner scanner) {
        this.scanner = scanner;
        reset();
    }

    void reset() {
        contentLength = -1;
        transferEncoding = false;
        lastIsChunked = false;
        unimplemented = null;
    }

    /** The declared length, or -1 without {@code Content-Length}. */
    long contentLength() {
        return contentLength;
    }

    /** Whether the body is chunked; true only after {@link #complete()} accepted the codings. */
    boolean chunked() {
        return transferEncoding;
    }

    /** Applies the field line just recorded, refusing ambiguity at once. */
    void fieldLine(FieldBlock.Builder fields, int minor) {
        if (fields.lastNameIs("content-length")) {
            contentLength(fields.lastValue());
        } else if (fields.lastNameIs("transfer-encoding")) {
            transferEncoding(fields.lastValue(), minor);
        } else {
            return;
        }
        if (transferEncoding && contentLength >= 0) {
            throw HttpParseException.badRequest("both Content-Length and Transfer-Encoding");
        }
    }

    private void contentLength(String value) {
        if (contentLength >= 0) {
            throw HttpParseException.badRequest("more than one Content-Length field");
        }
        if (value.indexOf(',') >= 0) {
            throw HttpParseException.badRequest("Content-Length must be one number, not a list");
        }
        contentLength = scanner.contentLength(value, value);
    }

    private void transferEncoding(String value, int minor) {
        if (minor == 0) {
            throw HttpParseException.badRequest("Transfer-Encoding in an HTTP/1.0 request");
        }
        int codings = 0;
        for (String element : value.split(",", -1)) {
            String coding = element.strip();
            if (coding.isEmpty()) {
                continue; // RFC 9110 section 5.6.1: empty list elements do not count
            }
            if (lastIsChunked) {
                throw HttpParseException.badRequest("chunked must be the last transfer coding, once");
            }
            int semicolon = coding.indexOf(';');
            String name = semicolon < 0 ? coding : coding.substring(0, semicolon).strip();
            if (!FieldSyntax.isToken(name)) {
                throw HttpParseException.badRequest("invalid transfer coding");
            }
            lastIsChunked = name.equalsIgnoreCase("chunked");
            if (unimplemented == null && (!lastIsChunked || semicolon >= 0)) {
                unimplemented = lastIsChunked ? "chunked with parameters"
                        : name.length() <= MAX_ECHOED ? name : name.substring(0, MAX_ECHOED) + "...";
            }
            codings++;
        }
        if (codings == 0) {
            throw HttpParseException.badRequest("empty Transfer-Encoding");
        }
        transferEncoding = true;
    }

    /** Decides the codings once every field line is in: the list must end in chunked and hold nothing else. */
    void complete() {
        if (!transferEncoding) {
            return;
        }
        if (!lastIsChunked) {
            throw HttpParseException.badRequest("the final transfer coding is not chunked");
        }
        if (unimplemented != null) {
            throw new HttpParseException(501, "transfer coding not implemented: " + unimplemented);
        }
    }
}
