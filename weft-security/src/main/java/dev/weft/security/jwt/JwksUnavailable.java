package dev.weft.security.jwt;

import dev.weft.http.server.HttpException;

/**
 * The signing keys could not be fetched from the JWKS URL (the server is down, answered an error, sent
 * something that is not a key set, or sent too much), and no key already held could decide the token.
 * The token is neither accepted nor called invalid: weft-http answers 503, whose detail does not reveal
 * the URL; the cause says what failed, and each failed fetch is logged at WARNING by logger
 * {@code dev.weft.security.jwt}. Unchecked; immutable.
 */
public class JwksUnavailable extends HttpException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** The keys are unavailable because of {@code cause} (its message names the URL and what failed). */
    public JwksUnavailable(Throwable cause) {
        super(503, "token signing keys unavailable", cause);
    }
}
