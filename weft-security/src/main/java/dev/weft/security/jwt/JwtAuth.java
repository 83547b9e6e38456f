package dev.weft.security.jwt;

import dev.weft.http.server.Middleware;
import dev.weft.http.server.Request;
import dev.weft.http.server.Response;
import java.util.Objects;
import java.util.Optional;

/**
 * Bearer authentication for weft-http (RFC 6750): a middleware reads {@code Authorization: Bearer
 * <token>}, checks it with a {@link JwtVerifier} and stores the {@link JwtPrincipal} for the handler
 * ({@link #principal}). A refused token is answered 401 with {@code WWW-Authenticate: Bearer
 * error="invalid_token", error_description="<reason>"} and a problem+json body; a missing one with
 * {@code WWW-Authenticate: Bearer} ({@link #required}) or let through without a principal
 * ({@link #optional}). Keys that cannot be fetched answer 503 ({@link JwksUnavailable}). Thread-safe.
 *
 * {@snippet :
 * var api = WebApp.create()
 *     .get("/me", req -> Response.json(Map.of("user", JwtAuth.principal(req).orElseThrow().subject())))
 *     .use(JwtAuth.required(verifier));
 * app.mount("/api", api);                     // only /api needs a token
 * }
 */
public final class JwtAuth {
    /** The request attribute holding the principal. */
    public static final String PRINCIPAL = "dev.weft.security.jwt.principal";

    private JwtAuth() {
    }

    /** A middleware that answers 401 unless the request carries a valid bearer token. */
    public static Middleware required(JwtVerifier verifier) {
        return middleware(verifier, true);
    }

    /**
     * A middleware that lets requests without a bearer token through (no principal) and answers 401
     * to those with an invalid one: sending a bad token is never the same as sending none.
     */
    public static Middleware optional(JwtVerifier verifier) {
        return middleware(verifier, false);
    }

    /** The principal a {@code JwtAuth} middleware stored for {@code request}; empty when none did. */
    public static Optional<JwtPrincipal> principal(Request request) {
        return request.attribute(PRINCIPAL).map(JwtPrincipal.class::cast);
    }

    private static Middleware middleware(JwtVerifier verifier, boolean required) {
        Objects.requireNonNull(verifier, "verifier");
        return (request, next) -> {
            String token = bearerToken(request.header("Authorization"));
            if (token == null) {
                return required ? unauthorized(request, "bearer token required", "Bearer") : next.handle(request);
            }
            try {
                request.attribute(PRINCIPAL, verifier.verify(token));
            } catch (InvalidToken e) {
                return unauthorized(request, e.reason(), e.challenge());
            }
            return next.handle(request);
        };
    }

    /** The token of an {@code Authorization: Bearer <token>} value (scheme case-insensitive), or null. */
    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    /** The problem response weft-http sends for a 401, plus the challenge header an exception cannot carry there. */
    private static Response unauthorized(Request request, String detail, String challenge) {
        return Response.problem(401, detail, request).header("WWW-Authenticate", challenge);
    }
}
