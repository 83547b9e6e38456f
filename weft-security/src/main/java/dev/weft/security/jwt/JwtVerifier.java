package dev.weft.security.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.weft.http.client.HttpClient;
import java.net.URI;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks JSON Web Tokens (RFC 7519) signed with JWS, through nimbus-jose-jwt: the algorithm against an
 * explicit allow-list, the signature against configured keys or a JWKS URL, then expiry, not-before,
 * issuer, audience and required claims. A token that passes becomes a {@link JwtPrincipal}; one that
 * fails throws {@link InvalidToken} with a reason safe to show. Built once, shared by every request:
 * thread-safe and immutable (the JWKS key cache inside is thread-safe).
 *
 * <p>What it never does: accept {@code alg: none}; use a key for an algorithm of another family (the
 * key's type decides, so an RSA public key is never an HMAC secret); trust keys named by the token
 * itself ({@code jwk}, {@code jku}, {@code x5u} headers are ignored); accept encrypted (JWE) tokens.
 *
 * {@snippet :
 * try (HttpClient http = HttpClient.create()) {
 *     JwtVerifier verifier = JwtVerifier.builder()
 *         .allowAlgorithms("RS256", "ES256")
 *         .jwks(URI.create("https://auth.example.com/.well-known/jwks.json"), http)
 *         .issuer("https://auth.example.com/")
 *         .audience("orders-api")
 *         .build();
 *     JwtPrincipal principal = verifier.verify(token);   // or InvalidToken
 * }
 * }
 */
public final class JwtVerifier {
    /** The algorithms this verifier knows: HMAC, RSA PKCS#1 v1.5, RSA-PSS and ECDSA. */
    static final List<JWSAlgorithm> KNOWN = List.of(
            JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512,
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final Set<JWSAlgorithm> allowed;
    private final KeySource keys;
    private final String issuer;
    private final Set<String> audiences;
    private final List<String> requiredClaims;
    private final boolean requireExpiry;
    private final Duration clockSkew;
    private final Clock clock;
    private final int maxTokenLength;

    private JwtVerifier(Builder b, KeySource keys) {
        this.allowed = Set.copyOf(b.allowed);
        this.keys = keys;
        this.issuer = b.issuer;
        this.audiences = Set.copyOf(b.audiences);
        this.requiredClaims = List.copyOf(b.requiredClaims);
        this.requireExpiry = b.requireExpiry;
        this.clockSkew = b.clockSkew;
        this.clock = b.clock;
        this.maxTokenLength = b.maxTokenLength;
    }

    /** A builder; {@link Builder#allowAlgorithms} and one source of keys are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks {@code token} (the compact serialization, without {@code Bearer }) and returns who it
     * names. With a JWKS source it may block on a fetch (bounded by the fetch timeout).
     *
     * @throws InvalidToken    when the token is refused, with the reason
     * @throws JwksUnavailable when the keys that could decide it cannot be fetched
     */
    public JwtPrincipal verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidToken("token missing");
        }
        if (token.length() > maxTokenLength) {
            throw new InvalidToken("token longer than " + maxTokenLength + " characters");
        }
        SignedJWT jwt = signed(token);
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm algorithm = header.getAlgorithm();
        if (!allowed.contains(algorithm)) {
            throw new InvalidToken(KNOWN.contains(algorithm)
                    ? "algorithm " + algorithm.getName() + " not allowed" : "algorithm not allowed");
        }
        checkSignature(jwt, algorithm, header.getKeyID());
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidToken("claims malformed");
        }
        checkClaims(claims);
        return new JwtPrincipal(claims.getSubject(), claims.toJSONObject());
    }

    private static SignedJWT signed(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new InvalidToken("token malformed");
        }
        return switch (jwt) {
            case SignedJWT signed -> signed;
            case PlainJWT plain -> throw new InvalidToken("algorithm none not allowed");
            case EncryptedJWT encrypted -> throw new InvalidToken("encrypted tokens not accepted");
            default -> throw new InvalidToken("token malformed");
        };
    }

    private void checkSignature(SignedJWT jwt, JWSAlgorithm algorithm, String keyId) {
        List<VerificationKey> held = keys.keys();
        List<VerificationKey> fitting = fitting(held, algorithm, keyId);
        if (fitting.isEmpty()) {
            fitting = fitting(keys.keysAfterMiss(held), algorithm, keyId);
        }
        if (fitting.isEmpty()) {
            throw new InvalidToken(keyId != null ? "unknown key id" : "no key for algorithm " + algorithm.getName());
        }
        for (VerificationKey key : fitting) {
            try {
                if (jwt.verify(key.verifier())) {
                    return;
                }
            } catch (JOSEException | IllegalStateException e) {
                // This key cannot check this token (nimbus refuses the pair): the next one may.
            }
        }
        throw new InvalidToken("signature invalid");
    }

    private static List<VerificationKey> fitting(List<VerificationKey> keys, JWSAlgorithm algorithm, String keyId) {
        return keys.stream().filter(k -> k.fits(algorithm, keyId)).toList();
    }

    private void checkClaims(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date expiry = claims.getExpirationTime();
        if (expiry == null && requireExpiry) {
            throw new InvalidToken("expiry (exp) missing");
        }
        if (expiry != null && !now.isBefore(expiry.toInstant().plus(clockSkew))) {
            throw new InvalidToken("token expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(clockSkew).isBefore(notBefore.toInstant())) {
            throw new InvalidToken("token not yet valid");
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw new InvalidToken("issuer mismatch");
        }
        if (!audiences.isEmpty() && Collections.disjoint(audiences, claims.getAudience())) {
            throw new InvalidToken("audience mismatch");
        }
        for (String name : requiredClaims) {
            if (claims.getClaim(name) == null) {
                throw new InvalidToken("claim " + name + " missing");
            }
        }
    }

    /** The JWKS cache's settings. */
    record JwksOptions(Duration minRefreshInterval, Duration maxAge, Duration fetchTimeout, int maxResponseSize, int maxKeys) {
    }

    /**
     * Configures a {@link JwtVerifier}; every limit has a default, given on its setter. Not thread-safe.
     */
    public static final class Builder {
        private final Set<JWSAlgorithm> allowed = new LinkedHashSet<>();
        private final List<VerificationKey> fixedKeys = new ArrayList<>();
        private URI jwksUrl;
        private HttpClient jwksClient;
        private Duration jwksMinRefreshInterval = Duration.ofSeconds(30);
        private Duration jwksMaxAge = Duration.ofMinutes(10);
        private Duration jwksFetchTimeout = Duration.ofSeconds(5);
        private int jwksMaxResponseSize = 64 * 1024;
        private int jwksMaxKeys = 32;
        private String issuer;
        private final Set<String> audiences = new LinkedHashSet<>();
        private final List<String> requiredClaims = new ArrayList<>();
        private boolean requireExpiry = true;
        private Duration clockSkew = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private int maxTokenLength = 8192;

        private Builder() {
        }

        /**
         * The algorithms a token may be signed with (required): {@code HS256}, {@code HS384},
         * {@code HS512}, {@code RS256}, {@code RS384}, {@code RS512}, {@code PS256}, {@code PS384},
         * {@code PS512}, {@code ES256}, {@code ES384}, {@code ES512}. {@code none} can never be allowed.
         */
        public Builder allowAlgorithms(String... names) {
            for (String name : names) {
                if (name.equalsIgnoreCase("none")) {
                    throw new IllegalArgumentException("algorithm none can never be allowed");
                }
                JWSAlgorithm algorithm = KNOWN.stream().filter(a -> a.getName().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown JWS algorithm " + name + "; known: "
                                + KNOWN.stream().map(JWSAlgorithm::getName).toList()));
                allowed.add(algorithm);
            }
            return this;
        }

        /** Verifies HS* tokens with {@code secret}, at least 32 bytes (256 bits); longer secrets also allow HS384/HS512. */
        public Builder hmacKey(byte[] secret) {
            return hmacKey(null, secret);
        }

        /** Like {@link #hmacKey(byte[])}, for tokens naming key id {@code keyId} (or none). */
        public Builder hmacKey(String keyId, byte[] secret) {
            fixedKeys.add(VerificationKey.hmac(keyId, secret.clone()));
            return this;
        }

        /** Verifies RS*, PS* (RSA, at least 2048 bits) or ES* (EC: P-256, P-384, P-521) tokens with {@code key}. */
        public Builder publicKey(PublicKey key) {
            return publicKey(null, key);
        }

        /** Like {@link #publicKey(PublicKey)}, for tokens naming key id {@code keyId} (or none). */
        public Builder publicKey(String keyId, PublicKey key) {
            fixedKeys.add(VerificationKey.publicKey(keyId, key));
            return this;
        }

        /**
         * Takes the keys from the JSON Web Key Set at {@code url}, fetched with {@code client} (which
         * stays the caller's to close). Only public RSA and EC signing keys are used.
         */
        public Builder jwks(URI url, HttpClient client) {
            this.jwksUrl = Objects.requireNonNull(url, "url");
            this.jwksClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Least time between two JWKS fetches, whatever triggers them (an unknown key id, a failure); default 30 s. */
        public Builder jwksMinRefreshInterval(Duration interval) {
            this.jwksMinRefreshInterval = nonNegative("jwksMinRefreshInterval", interval);
            return this;
        }

        /** Age after which the cached key set is fetched again on next use; default 10 min. */
        public Builder jwksMaxAge(Duration age) {
            this.jwksMaxAge = positive("jwksMaxAge", age);
            return this;
        }

        /** Longest a JWKS fetch may take; default 5 s. */
        public Builder jwksFetchTimeout(Duration timeout) {
            this.jwksFetchTimeout = positive("jwksFetchTimeout", timeout);
            return this;
        }

        /** Largest JWKS response body accepted, in bytes; default 64 KiB. */
        public Builder jwksMaxResponseSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("jwksMaxResponseSize <= 0: " + bytes);
            }
            this.jwksMaxResponseSize = bytes;
            return this;
        }

        /** Most usable keys a JWKS may hold; default 32. */
        public Builder jwksMaxKeys(int keys) {
            if (keys <= 0) {
                throw new IllegalArgumentException("jwksMaxKeys <= 0: " + keys);
            }
            this.jwksMaxKeys = keys;
            return this;
        }

        /** The required {@code iss} (compared exactly); default none checked. */
        public Builder issuer(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /** Accepted audiences: the token's {@code aud} must name at least one; default none checked. */
        public Builder audience(String... audiences) {
            this.audiences.addAll(List.of(audiences));
            return this;
        }

        /** Claims every token must carry (any value but null), e.g. {@code "sub"}; default none. */
        public Builder requireClaims(String... names) {
            this.requiredClaims.addAll(List.of(names));
            return this;
        }

        /** Whether a token without {@code exp} is refused; default true. */
        public Builder requireExpiry(boolean required) {
            this.requireExpiry = required;
            return this;
        }

        /** Tolerance for clocks that disagree, applied to {@code exp} and {@code nbf}; default 60 s. */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = nonNegative("clockSkew", skew);
            return this;
        }

        /** The clock deciding expiry and the JWKS cache's age; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Longest token accepted, in characters; default 8192. */
        public Builder maxTokenLength(int chars) {
            if (chars <= 0) {
                throw new IllegalArgumentException("maxTokenLength <= 0: " + chars);
            }
            this.maxTokenLength = chars;
            return this;
        }

        /**
         * The verifier.
         *
         * @throws IllegalStateException when no algorithm is allowed, when there are no keys or both
         *                               fixed keys and a JWKS, or when an allowed algorithm has no fixed key
         */
        public JwtVerifier build() {
            if (allowed.isEmpty()) {
                throw new IllegalStateException("allowAlgorithms(...) is required");
            }
            if (fixedKeys.isEmpty() == (jwksUrl == null)) {
                throw new IllegalStateException("give either fixed keys (hmacKey, publicKey) or a jwks URL, not "
                        + (jwksUrl == null ? "neither" : "both"));
            }
            if (jwksUrl != null) {
                var options = new JwksOptions(jwksMinRefreshInterval, jwksMaxAge, jwksFetchTimeout, jwksMaxResponseSize, jwksMaxKeys);
                return new JwtVerifier(this, new JwksKeys(jwksUrl, jwksClient, options, clock));
            }
            for (JWSAlgorithm algorithm : allowed) {
                if (fixedKeys.stream().noneMatch(k -> k.algorithms().contains(algorithm))) {
                    throw new IllegalStateException("algorithm " + algorithm.getName() + " is allowed but no key given verifies it");
                }
            }
            return new JwtVerifier(this, new KeySource.Fixed(fixedKeys));
        }

        private static Duration nonNegative(String name, Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " < 0: " + d);
            }
            return d;
        }

        private static Duration positive(String name, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " <= 0: " + d);
            }
            return d;
        }
    }
}
