package dev.weft.api;

import java.util.Objects;

/**
 * The token of an {@code Authorization: Bearer} header, given by {@link SecurityScheme#bearer}: declare
 * a parameter of this type (in a handler or provider) to require it. Immutable; its string form hides
 * the token.
 *
 * {@snippet :
 * @Get("/me") User me(BearerToken token) { return users.byToken(token.token()); }
 * }
 *
 * @param token the token as sent
 */
public record BearerToken(String token) {
    /** Checks that the token is present. */
    public BearerToken {
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "BearerToken[***]";
    }
}
