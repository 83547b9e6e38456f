package dev.weft.security.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.weft.security.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
    private final MutableClock clock = new MutableClock(Instant.now());
    private final MutableClock issuerClock = new MutableClock(Instant.now());

    private JwtVerifier.Builder rsaVerifier() {
        return JwtVerifier.builder().allowAlgorithms("RS256").publicKey(TestKeys.RSA.getPublic())
                .issuer("https://auth.test/").audience("orders").clock(clock);
    }

    private JwtIssuer.Builder rsaIssuer() {
        return JwtIssuer.builder().privateKey(TestKeys.RSA.getPrivate())
                .issuer("https://auth.test/").audience("orders").clock(issuerClock);
    }

    private static String base64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(JwtVerifier verifier, String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidToken.class)
                .extracting(e -> ((InvalidToken) e).reason()).isEqualTo(reason);
    }

    @Test
    void validTokenGivesItsPrincipal() {
        String token = rsaIssuer().build().issue("ada", Map.of("scope", "orders:read orders:write", "scp", List.of("admin"),
                "email", "ada@example.com", "level", 3, "staff", true));
        JwtPrincipal principal = rsaVerifier().build().verify(token);
        assertThat(principal.subject()).isEqualTo("ada");
        assertThat(principal.issuer()).contains("https://auth.test/");
        assertThat(principal.audience()).containsExactly("orders");
        assertThat(principal.stringClaim("email")).contains("ada@example.com");
        assertThat(principal.longClaim("level")).contains(3L);
        assertThat(principal.booleanClaim("staff")).contains(true);
        assertThat(principal.scopes()).containsExactly("orders:read", "orders:write", "admin");
        assertThat(principal.expiresAt()).isPresent();
        assertThat(principal.expiresAt().orElseThrow()).isAfter(clock.instant().plus(Duration.ofMinutes(14)));
        assertThat(principal.requireScope("admin")).isSameAs(principal);
        assertThatThrownBy(() -> principal.requireScope("orders:delete")).hasMessage("scope orders:delete required");
        assertThatThrownBy(() -> principal.claims().put("sub", "eve")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ecAndHmacKeysVerifyTheirOwnAlgorithms() {
        String ecToken = JwtIssuer.builder().privateKey(TestKeys.EC.getPrivate()).build().issue("ec", Map.of());
        var ec = JwtVerifier.builder().allowAlgorithms("ES256").publicKey(TestKeys.EC.getPublic()).build();
        assertThat(ec.verify(ecToken).subject()).isEqualTo("ec");
        String hmacToken = JwtIssuer.builder().hmacKey(TestKeys.SECRET).build().issue("hs", Map.of());
        var hmac = JwtVerifier.builder().allowAlgorithms("HS256").hmacKey(TestKeys.SECRET).build();
        assertThat(hmac.verify(hmacToken).subject()).isEqualTo("hs");
        assertRefused(hmac, JwtIssuer.builder().hmacKey(TestKeys.secret(32)).build().issue("hs", Map.of()), "signature invalid");
    }

    @Test
    void expiredTokenIsRefused() {
        String token = rsaIssuer().lifetime(Duration.ofMinutes(5)).build().issue("ada", Map.of());
        clock.advance(Duration.ofMinutes(5).plusSeconds(61));
        assertRefused(rsaVerifier().build(), token, "token expired");
    }

    @Test
    void tokenNotYetValidIsRefused() {
        issuerClock.advance(Duration.ofMinutes(10));
        String token = rsaIssuer().build().issue("ada", Map.of());
        assertRefused(rsaVerifier().build(), token, "token not yet valid");
    }

    @Test
    void clockSkewWithinTheToleranceIsAccepted() {
        issuerClock.advance(Duration.ofSeconds(50));
        String early = rsaIssuer().build().issue("ada", Map.of());
        assertThat(rsaVerifier().build().verify(early).subject()).isEqualTo("ada");
        assertRefused(rsaVerifier().clockSkew(Duration.ofSeconds(10)).build(), early, "token not yet valid");

        String late = rsaIssuer().lifetime(Duration.ofMinutes(1)).build().issue("ada", Map.of());
        clock.advance(Duration.ofSeconds(60 + 50 + 40));   // 40 s past exp: within the default 60 s
        assertThat(rsaVerifier().build().verify(late).subject()).isEqualTo("ada");
        assertRefused(rsaVerifier().clockSkew(Duration.ZERO).build(), late, "token expired");
    }

    @Test
    void algNoneIsRefusedAndCannotBeAllowed() {
        long exp = clock.instant().getEpochSecond() + 600;
        String none = base64url("{\"alg\":\"none\"}") + "."
                + base64url("{\"sub\":\"admin\",\"iss\":\"https://auth.test/\",\"aud\":\"orders\",\"exp\":" + exp + "}") + ".";
        assertRefused(rsaVerifier().build(), none, "algorithm none not allowed");
        assertRefused(JwtVerifier.builder().allowAlgorithms("HS256").hmacKey(TestKeys.SECRET).build(), none,
                "algorithm none not allowed");
        assertThatThrownBy(() -> JwtVerifier.builder().allowAlgorithms("none"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none can never be allowed");
        assertThatThrownBy(() -> JwtVerifier.builder().allowAlgorithms("NONE"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hmacTokenSignedWithThePublicKeyBytesIsRefused() throws Exception {
        // Key confusion: a verifier that fed its RSA public key to HMAC would accept this forgery.
        byte[] publicKeyBytes = TestKeys.RSA.getPublic().getEncoded();
        var claims = new JWTClaimsSet.Builder().subject("admin").issuer("https://auth.test/").audience("orders")
                .expirationTime(Date.from(clock.instant().plusSeconds(600))).build();
        var forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        forged.sign(new MACSigner(publicKeyBytes));
        assertRefused(rsaVerifier().build(), forged.serialize(), "algorithm HS256 not allowed");
        assertThatThrownBy(() -> rsaVerifier().allowAlgorithms("HS256").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HS256 is allowed but no key given verifies it");
    }

    @Test
    void wrongIssuerOrAudienceIsRefused() {
        String otherIssuer = rsaIssuer().issuer("https://evil.test/").build().issue("ada", Map.of());
        assertRefused(rsaVerifier().build(), otherIssuer, "issuer mismatch");
        String otherAudience = JwtIssuer.builder().privateKey(TestKeys.RSA.getPrivate()).issuer("https://auth.test/")
                .audience("billing").clock(issuerClock).build().issue("ada", Map.of());
        assertRefused(rsaVerifier().build(), otherAudience, "audience mismatch");
        String noAudience = JwtIssuer.builder().privateKey(TestKeys.RSA.getPrivate()).issuer("https://auth.test/")
                .clock(issuerClock).build().issue("ada", Map.of());
        assertRefused(rsaVerifier().build(), noAudience, "audience mismatch");
        assertThat(rsaVerifier().audience("billing").build().verify(otherAudience).subject()).isEqualTo("ada");
    }

    @Test
    void tamperedPayloadIsRefused() {
        String token = rsaIssuer().build().issue("ada", Map.of("role", "user"));
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String tampered = parts[0] + "." + base64url(payload.replace("\"user\"", "\"admin\"")) + "." + parts[2];
        assertThat(tampered).isNotEqualTo(token);
        assertRefused(rsaVerifier().build(), tampered, "signature invalid");
    }

    @Test
    void tamperedSignatureIsRefused() {
        String token = rsaIssuer().build().issue("ada", Map.of());
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
        signature[signature.length / 2] ^= 0x01;
        String tampered = token.substring(0, token.lastIndexOf('.') + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        assertRefused(rsaVerifier().build(), tampered, "signature invalid");
        assertRefused(rsaVerifier().build(), token.substring(0, token.lastIndexOf('.') + 1), "token malformed");
    }

    @Test
    void requiredClaimsAndExpiryAreEnforced() throws Exception {
        String token = rsaIssuer().build().issue("ada", Map.of());
        assertRefused(rsaVerifier().requireClaims("email").build(), token, "claim email missing");
        var claims = new JWTClaimsSet.Builder().subject("ada").issuer("https://auth.test/").audience("orders").build();
        var eternal = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        eternal.sign(new MACSigner(TestKeys.SECRET));
        var hmac = JwtVerifier.builder().allowAlgorithms("HS256").hmacKey(TestKeys.SECRET);
        assertRefused(hmac.build(), eternal.serialize(), "expiry (exp) missing");
        assertThat(hmac.requireExpiry(false).build().verify(eternal.serialize()).expiresAt()).isEmpty();
    }

    @Test
    void malformedOversizedAndEncryptedTokensAreRefusedWithAReason() {
        var verifier = rsaVerifier().maxTokenLength(2048).build();
        assertRefused(verifier, "not-a-token", "token malformed");
        assertRefused(verifier, "a.b.c", "token malformed");
        assertRefused(verifier, "", "token missing");
        assertRefused(verifier, "x".repeat(2049), "token longer than 2048 characters");
        String jwe = base64url("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}") + ".." + base64url("iv") + "."
                + base64url("ciphertext") + "." + base64url("tag");
        assertRefused(verifier, jwe, "encrypted tokens not accepted");
        String odd = base64url("{\"alg\":\"X\\\"Y\"}") + "." + base64url("{}") + "." + base64url("sig");
        assertRefused(verifier, odd, "algorithm not allowed");
    }

    @Test
    void keyIdsSelectAmongFixedKeys() {
        var verifier = JwtVerifier.builder().allowAlgorithms("RS256")
                .publicKey("old", TestKeys.RSA.getPublic()).publicKey("new", TestKeys.RSA_ROTATED.getPublic()).build();
        String fresh = JwtIssuer.builder().privateKey(TestKeys.RSA_ROTATED.getPrivate()).keyId("new").build().issue("ada", Map.of());
        assertThat(verifier.verify(fresh).subject()).isEqualTo("ada");
        String unknown = JwtIssuer.builder().privateKey(TestKeys.RSA.getPrivate()).keyId("other").build().issue("ada", Map.of());
        assertRefused(verifier, unknown, "unknown key id");
        String lying = JwtIssuer.builder().privateKey(TestKeys.RSA.getPrivate()).keyId("new").build().issue("ada", Map.of());
        assertRefused(verifier, lying, "signature invalid");
    }

    @Test
    void weakKeysAndBadSettingsAreRefusedAtBuildTime() {
        assertThatThrownBy(() -> JwtVerifier.builder().hmacKey(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 256 bits, not 248");
        assertThatThrownBy(() -> JwtIssuer.builder().hmacKey(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtVerifier.builder().allowAlgorithms("RS1")).hasMessageContaining("unknown JWS algorithm RS1");
        assertThatThrownBy(() -> JwtVerifier.builder().publicKey(TestKeys.RSA.getPublic()).build())
                .hasMessageContaining("allowAlgorithms(...) is required");
        assertThatThrownBy(() -> JwtVerifier.builder().allowAlgorithms("RS256").build()).hasMessageContaining("neither");
        assertThatThrownBy(() -> JwtVerifier.builder().clockSkew(Duration.ofSeconds(-1))).hasMessageContaining("clockSkew < 0");
        assertThatThrownBy(() -> JwtIssuer.builder().hmacKey(TestKeys.SECRET).build().issue("ada", Map.of("exp", 1)))
                .hasMessageContaining("claim exp is set by the issuer");
        assertThatThrownBy(() -> JwtIssuer.builder().hmacKey(TestKeys.SECRET).algorithm("HS512").build())
                .hasMessageContaining("cannot sign HS512");
    }

    @Test
    void challengeNeverCarriesQuotesOrControls() {
        assertThat(new InvalidToken("bad \"x\"\n").challenge())
                .isEqualTo("Bearer error=\"invalid_token\", error_description=\"bad ?x??\"");
    }
}
