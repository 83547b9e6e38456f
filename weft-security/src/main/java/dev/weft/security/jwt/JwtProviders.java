package dev.weft.security.jwt;

import dev.weft.api.BearerToken;
import dev.weft.api.NotAuthenticated;
import dev.weft.api.Provides;
import java.util.Objects;

/**
 * The weft-api integration: a provider object that turns the bearer token of a
 * {@link dev.weft.api.SecurityScheme#bearer} scheme into a {@link JwtPrincipal}, so a handler takes the
 * principal as a parameter. The operation then lists the bearer scheme as its security requirement in
 * the OpenAPI document; a missing token answers 401 with {@code WWW-Authenticate: Bearer}, a refused
 * one 401 with the RFC 6750 {@code invalid_token} challenge and the reason. Needs weft-api on the
 * module path (an optional dependency of weft-security); nothing else in this package loads it.
 * Thread-safe.
 *
 * {@snippet :
 * class OrdersApi {
 *     @Get("/orders") List<Order> mine(JwtPrincipal user) { return orders.of(user.subject()); }
 * }
 * Api.builder()
 *     .security(SecurityScheme.bearer("bearer"))
 *     .providers(JwtProviders.forApi(verifier))
 *     .controller(new OrdersApi())
 *     .mountOn(app);
 * }
 */
public final class JwtProviders {
    private final JwtVerifier verifier;

    private JwtProviders(JwtVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The providers for {@code Api.Builder.providers}, checking tokens with {@code verifier}. */
    public static JwtProviders forApi(JwtVerifier verifier) {
        return new JwtProviders(verifier);
    }

    /**
     * The principal of the request's bearer token; called by weft-api once per request that needs it.
     *
     * @throws NotAuthenticated (401 with the invalid_token challenge) when the token is refused
     */
    @Provides
    public JwtPrincipal principal(BearerToken token) {
        try {
            return verifier.verify(token.token());
        } catch (InvalidToken e) {
            throw new NotAuthenticated(e.reason(), e.challenge());
        }
    }
}
