package dev.weft.security.jwt;

import dev.weft.http.server.Unauthorized;

/**
 * A bearer token that was refused: malformed, signed with an algorithm or key that is not allowed,
 * tampered with, expired, not yet valid, or issued by or for someone else. Its {@link #reason()} says
 * which, in words that are safe to send back to the client (they never echo the token's own content).
 * Thrown from a handler, weft-http answers it with 401; {@link JwtAuth} and {@link JwtProviders} add the
 * RFC 6750 challenge ({@link #challenge()}). Unchecked; immutable.
 *
 * {@snippet :
 * try {
 *     JwtPrincipal principal = verifier.verify(token);
 * } catch (InvalidToken e) {
 *     log.info("refused token: " + e.reason());   // e.g. "token expired"
 * }
 * }
 */
public class InvalidToken extends Unauthorized {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** A refusal with {@code reason}, which must be safe to show to the client. */
    public InvalidToken(String reason) {
        super(reason);
    }

    /** Why the token was refused, e.g. {@code "token expired"} or {@code "signature invalid"}. */
    public String reason() {
        return detail();
    }

    /**
     * The {@code WWW-Authenticate} value for this refusal (RFC 6750 section 3):
     * {@code Bearer error="invalid_token", error_description="<reason>"}.
     */
    public String challenge() {
        return "Bearer error=\"invalid_token\", error_description=\"" + quotable(reason()) + "\"";
    }

    /** The reason with every character RFC 6750 forbids in error_description (quotes, backslash, controls) replaced. */
    private static String quotable(String text) {
        var out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? (char) c : '?'));
        return out.toString();
    }
}
