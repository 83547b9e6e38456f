package dev.weft.examples.auth;

import dev.weft.security.jwt.JwtIssuer;
import dev.weft.security.jwt.JwtVerifier;
import dev.weft.security.password.PasswordHasher;
import dev.weft.security.ratelimit.RateLimiter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * The demo's credentials machinery, built once per app: Argon2id password hashing, HS256 access tokens
 * signed with {@code JWT_SECRET} (base64 of 32 bytes or more; without it a random key per start, so
 * tokens die with the process), and the login rate limits (per username and per client address, in
 * memory: one instance's worth). Immutable and thread-safe.
 *
 * {@snippet :
 * DemoAuth auth = DemoAuth.create(System.getenv("JWT_SECRET"));
 * String token = auth.issuer().issue("ada", Map.of());
 * }
 *
 * @param hasher          hashes at sign-up, verifies at login
 * @param issuer          signs access tokens
 * @param verifier        checks them on the API
 * @param loginsPerName   attempts per username
 * @param loginsPerClient attempts per client address
 */
public record DemoAuth(PasswordHasher hasher, JwtIssuer issuer, JwtVerifier verifier, RateLimiter loginsPerName,
                       RateLimiter loginsPerClient) {
    /** Who signs and who may read the demo's tokens. */
    static final String ISSUER = "weft-demo";
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);

    /** Builds it with {@code base64Secret} as the token key, or a random one when null or blank. */
    public static DemoAuth create(String base64Secret) {
        byte[] secret;
        if (base64Secret == null || base64Secret.isBlank()) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        } else {
            try {
                secret = Base64.getDecoder().decode(base64Secret.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("JWT_SECRET is not base64: " + e.getMessage(), e);
            }
        }
        return new DemoAuth(
                PasswordHasher.builder().build(),
                JwtIssuer.builder().hmacKey(secret).issuer(ISSUER).audience(ISSUER).lifetime(TOKEN_LIFETIME).build(),
                JwtVerifier.builder().allowAlgorithms("HS256").hmacKey(secret).issuer(ISSUER).audience(ISSUER).build(),
                // Five tries for a name, then one more every three minutes: guessing a password takes ages.
                RateLimiter.builder("login-name").capacity(5).refill(5, Duration.ofMinutes(15)).build(),
                // More for an address, which a household or an office shares.
                RateLimiter.builder("login-client").capacity(30).refill(30, Duration.ofMinutes(15)).build());
    }
}
