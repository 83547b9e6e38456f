package dev.weft.api;

import dev.weft.http.server.Unauthorized;
import java.util.Objects;

/**
 * A 401 with its {@code WWW-Authenticate} challenge: what the security schemes throw when credentials
 * are missing or malformed, and what a provider throws for credentials it rejects. Endpoints answer it
 * with the challenge header. Unchecked; immutable.
 *
 * {@snippet :
 * @Provides User currentUser(BearerToken token) {
 *     return users.byToken(token.token())
 *         .orElseThrow(() -> new NotAuthenticated("invalid token", "Bearer error=\"invalid_token\""));
 * }
 * }
 */
public class NotAuthenticated extends Unauthorized {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;
    /** The {@code WWW-Authenticate} value. */
    private final String challenge;

    /** A 401 with {@code detail} and the {@code WWW-Authenticate} value {@code challenge}. */
    public NotAuthenticated(String detail, String challenge) {
        super(detail);
        this.challenge = Objects.requireNonNull(challenge, "challenge");
    }

    /** The {@code WWW-Authenticate} value. */
    public String challenge() {
        return challenge;
    }
}
