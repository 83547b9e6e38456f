package dev.weft.http.codec;

/**
 * A parsed request head: request line, field lines and the body framing derived from them.
 * Immutable; safe to share between threads.
 *
 * @param method        the method token, case preserved (methods are case-sensitive)
 * @param target        the request-target as sent, except that bytes above 0x7F (raw UTF-8 from clients
 *                      that do not percent-encode) appear percent-encoded, as {@code %C3%A9}
 * @param minorVersion  0 for HTTP/1.0, 1 for HTTP/1.1
 * @param fields        the header fields
 * @param contentLength the declared body length, or -1 when there is no {@code Content-Length}
 * @param chunked       whether the body is sent with the chunked transfer coding
 * @param keepAlive     whether the connection persists after this exchange (version default and {@code Connection})
 */
public record RequestHead(String method, String target, int minorVersion, FieldBlock fields,
                          long contentLength, boolean chunked, boolean keepAlive) {
    /** Validates the components; a bad one throws {@link IllegalArgumentException} naming its value. */
    public RequestHead {
        if (minorVersion != 0 && minorVersion != 1) {
            throw new IllegalArgumentException("minorVersion not 0 or 1: " + minorVersion);
        }
        if (chunked && contentLength >= 0) {
            throw new IllegalArgumentException("chunked with contentLength " + contentLength);
        }
    }

    /** {@code "HTTP/1.1"} or {@code "HTTP/1.0"}. */
    public String version() {
        return minorVersion == 1 ? "HTTP/1.1" : "HTTP/1.0";
    }

    /** Whether a body follows the head ({@code Content-Length} above zero, or chunked). */
    public boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /** Whether the client waits for {@code 100 Continue} before sending the body. */
    public boolean expectsContinue() {
        return minorVersion == 1 && fields.hasToken("expect", "100-continue");
    }
}
