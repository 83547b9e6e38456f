package dev.weft.security.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.crypto.impl.MACProvider;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One key a token may be checked with, and the algorithms it may be checked for. The algorithms come
 * from the key's type, never from the token: an HMAC secret verifies HS* only, an RSA key RS* and PS*
 * only, an EC key the one ES* of its curve. That is what makes key confusion (an RS256 public key
 * used as an HS256 secret) impossible. Immutable; nimbus verifiers are thread-safe.
 *
 * @param keyId      the key's {@code kid}, or null
 * @param algorithms the algorithms it verifies
 * @param verifier   the nimbus verifier holding the key
 */
record VerificationKey(String keyId, Set<JWSAlgorithm> algorithms, JWSVerifier verifier) {
    /** Smallest accepted RSA modulus (NIST SP 800-131A). */
    static final int MIN_RSA_BITS = 2048;
    /** Smallest accepted HMAC secret (RFC 7518 section 3.2: at least the hash size of HS256). */
    static final int MIN_HMAC_BITS = 256;

    VerificationKey {
        algorithms = Set.copyOf(algorithms);
    }

    /** An HMAC secret of at least 256 bits, for the HS* algorithms its length allows. */
    static VerificationKey hmac(String keyId, byte[] secret) {
        int bits = secret.length * 8;
        if (bits < MIN_HMAC_BITS) {
            throw new IllegalArgumentException("an HMAC secret needs at least " + MIN_HMAC_BITS + " bits, not " + bits);
        }
        try {
            return new VerificationKey(keyId, MACProvider.getCompatibleAlgorithms(bits), new MACVerifier(secret));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable HMAC secret: " + e.getMessage(), e);
        }
    }

    /** A public RSA (at least 2048 bits) or EC (P-256, P-384, P-521) key. */
    static VerificationKey publicKey(String keyId, PublicKey key) {
        try {
            return switch (key) {
                case RSAPublicKey rsa -> {
                    if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                        throw new IllegalArgumentException("an RSA key needs at least " + MIN_RSA_BITS + " bits, not "
                                + rsa.getModulus().bitLength());
                    }
                    var algorithms = new HashSet<>(JWSAlgorithm.Family.RSA);
                    yield new VerificationKey(keyId, algorithms, new RSASSAVerifier(rsa));
                }
                case ECPublicKey ec -> new VerificationKey(keyId, Set.of(ECDSA.resolveAlgorithm(ec)), new ECDSAVerifier(ec));
                default -> throw new IllegalArgumentException("only RSA and EC public keys verify tokens, not " + key.getAlgorithm());
            };
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable public key: " + e.getMessage(), e);
        }
    }

    /**
     * The key of a JWKS entry, when it is a public RSA or EC signing key: symmetric ({@code oct}) and
     * other entries are skipped, since a published key set must never hold an HMAC secret; an entry's
     * {@code alg}, when present, narrows the algorithms.
     */
    static Optional<VerificationKey> fromJwk(JWK jwk) {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return Optional.empty();
        }
        VerificationKey key;
        try {
            key = switch (jwk) {
                case RSAKey rsa -> publicKey(jwk.getKeyID(), rsa.toRSAPublicKey());
                case ECKey ec -> publicKey(jwk.getKeyID(), ec.toECPublicKey());
                default -> null;
            };
        } catch (JOSEException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (key == null) {
            return Optional.empty();
        }
        if (jwk.getAlgorithm() == null) {
            return Optional.of(key);
        }
        JWSAlgorithm declared = JWSAlgorithm.parse(jwk.getAlgorithm().getName());
        return key.algorithms.contains(declared)
                ? Optional.of(new VerificationKey(key.keyId, Set.of(declared), key.verifier))
                : Optional.empty();
    }

    /** Whether this key may check a token signed with {@code algorithm} and naming {@code tokenKeyId} (or none). */
    boolean fits(JWSAlgorithm algorithm, String tokenKeyId) {
        return algorithms.contains(algorithm) && (tokenKeyId == null || keyId == null || keyId.equals(tokenKeyId));
    }
}
