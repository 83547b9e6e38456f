package dev.weft.security.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Signs JSON Web Tokens through nimbus-jose-jwt, for demos, tests and small services that are their own
 * token issuer: each token carries {@code sub}, {@code iat}, {@code nbf} (both now), {@code exp} (now plus
 * the lifetime), a random {@code jti}, the configured {@code iss} and {@code aud}, and the caller's
 * claims. Thread-safe and immutable.
 *
 * {@snippet :
 * JwtIssuer issuer = JwtIssuer.builder()
 *     .hmacKey(secret)                       // 32 bytes or more: HS256
 *     .issuer("https://auth.example.com/")
 *     .audience("orders-api")
 *     .lifetime(Duration.ofMinutes(15))
 *     .build();
 * String token = issuer.issue("ada", Map.of("scope", "orders:read orders:write"));
 * }
 */
public final class JwtIssuer {
    /** Claims the issuer sets itself. */
    private static final Set<String> OWN_CLAIMS = Set.of("sub", "iss", "aud", "exp", "nbf", "iat", "jti");

    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;
    private final String keyId;
    private final String issuer;
    private final List<String> audience;
    private final Duration lifetime;
    private final Clock clock;

    private JwtIssuer(Builder b) {
        this.algorithm = b.chosen != null ? b.chosen : b.keyAlgorithm;
        this.signer = b.signer;
        this.keyId = b.keyId;
        this.issuer = b.issuer;
        this.audience = List.copyOf(b.audience);
        this.lifetime = b.lifetime;
        this.clock = b.clock;
    }

    /** A builder; a key ({@link Builder#hmacKey} or {@link Builder#privateKey}) is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A signed token for {@code subject} with the configured lifetime. */
    public String issue(String subject, Map<String, ?> claims) {
        return issue(subject, claims, lifetime);
    }

    /**
     * A signed token for {@code subject} carrying {@code claims} and expiring {@code lifetime} from now.
     *
     * @throws IllegalArgumentException when {@code claims} sets one of the claims the issuer sets itself
     */
    public String issue(String subject, Map<String, ?> claims, Duration lifetime) {
        Objects.requireNonNull(subject, "subject");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime <= 0: " + lifetime);
        }
        Instant now = clock.instant();
        var builder = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString());
        if (issuer != null) {
            builder.issuer(issuer);
        }
        if (!audience.isEmpty()) {
            builder.audience(audience);
        }
        claims.forEach((name, value) -> {
            if (OWN_CLAIMS.contains(name)) {
                throw new IllegalArgumentException("claim " + name + " is set by the issuer");
            }
            builder.claim(name, value);
        });
        var header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(keyId).build();
        var jwt = new SignedJWT(header, builder.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with " + algorithm.getName() + " failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** Configures a {@link JwtIssuer}. Not thread-safe. */
    public static final class Builder {
        /** The key's default algorithm. */
        private JWSAlgorithm keyAlgorithm;
        /** The algorithm asked for, or null for the key's default. */
        private JWSAlgorithm chosen;
        private JWSSigner signer;
        private String keyId;
        private String issuer;
        private final List<String> audience = new ArrayList<>();
        private Duration lifetime = Duration.ofMinutes(15);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Signs with HS256 and {@code secret}, at least 32 bytes (256 bits). */
        public Builder hmacKey(byte[] secret) {
            if (secret.length * 8 < VerificationKey.MIN_HMAC_BITS) {
                throw new IllegalArgumentException("an HMAC secret needs at least " + VerificationKey.MIN_HMAC_BITS
                        + " bits, not " + secret.length * 8);
            }
            try {
                this.signer = new MACSigner(secret.clone());
            } catch (JOSEException e) {
                throw new IllegalArgumentException("unusable HMAC secret: " + e.getMessage(), e);
            }
            this.keyAlgorithm = JWSAlgorithm.HS256;
            return this;
        }

        /** Signs with {@code key}: RS256 for RSA (at least 2048 bits), the ES* of the curve for EC. */
        public Builder privateKey(PrivateKey key) {
            try {
                switch (key) {
                    case RSAPrivateKey rsa -> {
                        if (rsa.getModulus().bitLength() < VerificationKey.MIN_RSA_BITS) {
                            throw new IllegalArgumentException("an RSA key needs at least " + VerificationKey.MIN_RSA_BITS
                                    + " bits, not " + rsa.getModulus().bitLength());
                        }
                        this.signer = new RSASSASigner(rsa);
                        this.keyAlgorithm = JWSAlgorithm.RS256;
                    }
                    case ECPrivateKey ec -> {
                        this.signer = new ECDSASigner(ec);
                        this.keyAlgorithm = ECDSA.resolveAlgorithm(ec);
                    }
                    default -> throw new IllegalArgumentException("only RSA and EC private keys sign tokens, not " + key.getAlgorithm());
                }
            } catch (JOSEException e) {
                throw new IllegalArgumentException("unusable private key: " + e.getMessage(), e);
            }
            return this;
        }

        /** The algorithm, when the key allows several (PS256 rather than RS256, HS512 with a long secret). */
        public Builder algorithm(String name) {
            this.chosen = JwtVerifier.KNOWN.stream().filter(a -> a.getName().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown JWS algorithm " + name));
            return this;
        }

        /** The {@code kid} header, naming the key in the verifier's key set; default none. */
        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        /** The {@code iss} claim; default none. */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** The {@code aud} claim; default none. */
        public Builder audience(String... audience) {
            this.audience.addAll(List.of(audience));
            return this;
        }

        /** How long a token lasts; default 15 minutes. */
        public Builder lifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("lifetime <= 0: " + lifetime);
            }
            this.lifetime = lifetime;
            return this;
        }

        /** The clock giving {@code iat}, {@code nbf} and {@code exp}; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The issuer.
         *
         * @throws IllegalStateException without a key, or when the key cannot sign the chosen algorithm
         */
        public JwtIssuer build() {
            if (signer == null) {
                throw new IllegalStateException("hmacKey(...) or privateKey(...) is required");
            }
            JWSAlgorithm algorithm = chosen != null ? chosen : keyAlgorithm;
            if (!signer.supportedJWSAlgorithms().contains(algorithm)) {
                throw new IllegalStateException("the key cannot sign " + algorithm.getName() + "; it signs "
                        + signer.supportedJWSAlgorithms().stream().map(JWSAlgorithm::getName).sorted().toList());
            }
            return new JwtIssuer(this);
        }
    }
}
