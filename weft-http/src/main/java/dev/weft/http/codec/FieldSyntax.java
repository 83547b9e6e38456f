package dev.weft.http.codec;

/**
 * The syntax of what this side writes into a head (RFC 9110 section 5): tokens (methods, field names,
 * cookie names, subprotocols, extension names) and field values. The server's responses, the client's
 * requests and the WebSocket handshake check their input here, with the same byte tables the parsers
 * use on what they read. Stateless and thread-safe.
 */
public final class FieldSyntax {
    private FieldSyntax() {
    }

    /** Whether {@code c} is a token character: a letter, a digit or one of {@code !#$%&'*+-.^_`|~}. */
    public static boolean isTokenChar(int c) {
        return c >= 0 && c < 0x80 && Chars.isTchar((byte) c);
    }

    /** Whether {@code text} is a non-empty token (RFC 9110 section 5.6.2); {@code null} is not. */
    public static boolean isToken(CharSequence text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!isTokenChar(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a field before it is written: the name must be a token, and the value may hold no control
     * character other than HTAB (a CR or LF would split the head: header injection) and nothing beyond
     * ISO-8859-1.
     *
     * @throws IllegalArgumentException naming the field and the bad character
     */
    public static void checkField(String name, String value) {
        if (!isToken(name)) {
            throw new IllegalArgumentException("header name is not an HTTP token: \"" + name + "\"");
        }
        // A plain loop over a table: the server runs this for every header of every response.
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF || !Chars.isFieldContent((byte) c)) {
                throw new IllegalArgumentException("invalid character 0x" + Integer.toHexString(c)
                        + " in the value of header " + name);
            }
        }
    }
}
