package dev.weft.examples.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weft.api.ApiResponse;
import dev.weft.api.Body;
import dev.weft.api.Form;
import dev.weft.api.Get;
import dev.weft.api.Post;
import dev.weft.http.server.Request;
import dev.weft.http.server.Response;
import dev.weft.http.server.Unauthorized;
import dev.weft.security.jwt.JwtPrincipal;
import dev.weft.security.password.Verification;
import dev.weft.security.ratelimit.RateLimit;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Sign-up and login for the demo, as a weft-api controller: {@code POST /auth/signup} stores an Argon2id
 * hash, {@code POST /auth/token} (OAuth2's password flow, so Swagger UI's "Authorize" works) checks the
 * password and answers a 30-minute access token, and {@code GET /auth/me} shows who a token belongs to.
 * Login is rate-limited per username and per client address (resolved through the trusted proxies),
 * answers the same 401 for an unknown name as for a wrong password and spends a hash's time on both,
 * and upgrades a stored hash whose costs are lower than today's. Stateless and thread-safe.
 *
 * {@snippet :
 * Api.builder().security(SecurityScheme.oauth2Password("bearer", "/auth/token"))
 *         .providers(JwtProviders.forApi(auth.verifier()))
 *         .controller(new AuthApi(auth))
 *         .mountOn(app);
 * }
 */
public final class AuthApi {
    private final DemoAuth auth;

    /** The controller, with the demo's hasher, token issuer and limits. */
    public AuthApi(DemoAuth auth) {
        this.auth = auth;
    }

    /** What sign-up takes. */
    public record SignUp(
            @Pattern(regexp = "[a-z0-9_.-]{3,40}", message = "must be 3 to 40 of a-z, 0-9, '_', '.', '-'") String username,
            @Size(min = 8, max = 1024) String password) {
    }

    /** An OAuth2 token response (RFC 6749, 5.1). */
    public record Token(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
                        @JsonProperty("expires_in") long expiresIn) {
    }

    /** Who a token belongs to. */
    public record Me(String username, Instant expiresAt) {
    }

    @Post(value = "/auth/signup", status = 201, tags = "auth", summary = "Create an account")
    @ApiResponse(status = 409, description = "The username is taken")
    Map<String, String> signUp(@Body SignUp body, AccountStore accounts) {
        accounts.create(body.username(), auth.hasher().hash(body.password()));
        return Map.of("username", body.username());
    }

    @Post(value = "/auth/token", response = Token.class, tags = "auth",
            summary = "Log in: a bearer token for a username and password")
    @ApiResponse(status = 401, description = "Wrong username or password")
    @ApiResponse(status = 429, description = "Too many attempts for this name or from this address")
    Response token(@Form String username, @Form String password, Request request, AccountStore accounts) {
        for (var limit : List.of(auth.loginsPerName().tryAcquire(username),
                auth.loginsPerClient().tryAcquire(RateLimit.clientKey(request)))) {
            if (!limit.allowed()) {
                return RateLimit.tooManyRequests(request, limit);
            }
        }
        String stored = accounts.passwordHash(username).orElse(null);
        Verification check = auth.hasher().verify(password, stored); // null: as slow as a real check
        if (!check.matches()) {
            throw new Unauthorized("wrong username or password");
        }
        if (check.needsRehash()) {
            accounts.replaceHash(username, auth.hasher().hash(password));
        }
        String token = auth.issuer().issue(username, Map.of());
        return Response.json(new Token(token, "bearer", DemoAuth.TOKEN_LIFETIME.toSeconds()));
    }

    @Get(value = "/auth/me", tags = "auth", summary = "Who the bearer token belongs to")
    Me me(JwtPrincipal principal) {
        return new Me(principal.subject(), principal.expiresAt().orElse(null));
    }
}
