package dev.weft.security.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.weft.core.TaskGroup;
import dev.weft.http.client.ClientRequest;
import dev.weft.http.client.HttpClient;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import dev.weft.security.MutableClock;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JwksTest {
    private static final RSAKey K1 = jwk(TestKeys.RSA, "k1");
    private static final RSAKey K2 = jwk(TestKeys.RSA_ROTATED, "k2");

    private final MutableClock clock = new MutableClock(Instant.now());
    private final HttpClient http = HttpClient.create();
    private final JwksServer jwks = new JwksServer(List.of(K1));

    @AfterEach
    void close() {
        // Every fetch gave its connection back (closed it or returned it idle): none is still leased.
        var pool = http.poolStatistics();
        assertThat(pool.open()).isEqualTo(pool.idle());
        assertThat(pool.waiting()).isZero();
        jwks.close();
        http.close();
    }

    private static RSAKey jwk(KeyPair pair, String kid) {
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build();
    }

    private JwtVerifier.Builder verifier() {
        return JwtVerifier.builder().allowAlgorithms("RS256").jwks(jwks.url(), http).clock(clock);
    }

    private String token(KeyPair pair, String kid) {
        return JwtIssuer.builder().privateKey(pair.getPrivate()).keyId(kid).clock(clock).lifetime(Duration.ofHours(2))
                .build().issue("ada", Map.of());
    }

    private static String reason(JwtVerifier verifier, String token) {
        try {
            verifier.verify(token);
            return "accepted";
        } catch (InvalidToken e) {
            return e.reason();
        }
    }

    @Test
    void keysAreFetchedOnceAndCached() {
        var verifier = verifier().build();
        String token = token(TestKeys.RSA, "k1");
        for (int i = 0; i < 5; i++) {
            assertThat(verifier.verify(token).subject()).isEqualTo("ada");
        }
        assertThat(jwks.fetches()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(11));   // past the 10 min maximum age
        assertThat(verifier.verify(token(TestKeys.RSA, "k1")).subject()).isEqualTo("ada");
        assertThat(jwks.fetches()).isEqualTo(2);
    }

    @Test
    void unknownKidTriggersOneRefetchThenWorksAfterRotation() {
        var verifier = verifier().build();
        assertThat(verifier.verify(token(TestKeys.RSA, "k1")).subject()).isEqualTo("ada");
        assertThat(jwks.fetches()).isEqualTo(1);

        jwks.publish(List.of(K1, K2));
        clock.advance(Duration.ofSeconds(31));   // past the 30 s minimum refresh interval
        String rotated = token(TestKeys.RSA_ROTATED, "k2");
        assertThat(verifier.verify(rotated).subject()).isEqualTo("ada");
        assertThat(jwks.fetches()).isEqualTo(2);
        assertThat(verifier.verify(rotated).subject()).isEqualTo("ada");
        assertThat(verifier.verify(token(TestKeys.RSA, "k1")).subject()).isEqualTo("ada");
        assertThat(jwks.fetches()).isEqualTo(2);
    }

    @Test
    void kidFloodFetchesAtMostOncePerInterval() {
        var verifier = verifier().build();
        assertThat(verifier.verify(token(TestKeys.RSA, "k1")).subject()).isEqualTo("ada");
        clock.advance(Duration.ofSeconds(31));
        var refused = new AtomicInteger();
        TaskGroup.run(group -> {
            for (int i = 0; i < 200; i++) {
                String forged = token(TestKeys.RSA, UUID.randomUUID().toString());
                group.spawn(() -> {
                    if (reason(verifier, forged).equals("unknown key id")) {
                        refused.incrementAndGet();
                    }
                });
            }
        });
        assertThat(refused).hasValue(200);
        assertThat(jwks.fetches()).isEqualTo(2);   // the first fetch and one refresh for the whole flood

        clock.advance(Duration.ofSeconds(31));
        assertThat(reason(verifier, token(TestKeys.RSA, "random"))).isEqualTo("unknown key id");
        assertThat(reason(verifier, token(TestKeys.RSA, "random2"))).isEqualTo("unknown key id");
        assertThat(jwks.fetches()).isEqualTo(3);
    }

    @Test
    void serverDownKeepsTheLastGoodKeysAndGivesAClearError() {
        var verifier = verifier().build();
        String token = token(TestKeys.RSA, "k1");
        assertThat(verifier.verify(token).subject()).isEqualTo("ada");
        jwks.close();

        clock.advance(Duration.ofMinutes(11));   // stale: a refresh is attempted, fails, the old keys serve
        assertThat(verifier.verify(token).subject()).isEqualTo("ada");

        clock.advance(Duration.ofSeconds(31));
        String rotated = token(TestKeys.RSA_ROTATED, "k2");
        assertThatThrownBy(() -> verifier.verify(rotated)).isInstanceOf(JwksUnavailable.class)
                .hasMessage("token signing keys unavailable")
                .satisfies(e -> assertThat(((JwksUnavailable) e).status()).isEqualTo(503))
                .cause().hasMessageContaining(jwks.url().toString());
        assertThat(verifier.verify(token).subject()).isEqualTo("ada");
        // Within the interval there is no new attempt, and the key may exist: still undecided, not invalid.
        assertThatThrownBy(() -> verifier.verify(rotated)).isInstanceOf(JwksUnavailable.class);
    }

    @Test
    void firstFetchFailingIsAClearError() {
        jwks.close();
        var verifier = verifier().build();
        assertThatThrownBy(() -> verifier.verify(token(TestKeys.RSA, "k1"))).isInstanceOf(JwksUnavailable.class)
                .cause().hasMessageContaining("127.0.0.1");
        assertThatThrownBy(() -> verifier.verify(token(TestKeys.RSA, "k1"))).isInstanceOf(JwksUnavailable.class);
    }

    @Test
    void errorStatusIsAFetchFailure() {
        jwks.answerStatus(500);
        assertThatThrownBy(() -> verifier().build().verify(token(TestKeys.RSA, "k1"))).isInstanceOf(JwksUnavailable.class)
                .cause().hasMessage("JWKS at " + jwks.url() + " answered 500");
    }

    @Test
    void unavailableKeysAnswer503ThroughTheMiddleware() {
        var verifier = verifier().build();
        var app = WebApp.create().get("/me", req -> Response.text("never")).use(JwtAuth.required(verifier));
        jwks.close();
        try (var server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
             var response = http.request(ClientRequest.builder("GET", "http://127.0.0.1:" + server.port() + "/me")
                     .bearerAuth(token(TestKeys.RSA, "k1")).build())) {
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.text()).contains("token signing keys unavailable").doesNotContain("jwks.json");
        }
    }

    @Test
    void oversizedOrMalformedKeySetsAreRefused() {
        jwks.publishRaw("{\"keys\":[]," + "\"pad\":\"" + "x".repeat(70_000) + "\"}");
        assertThatThrownBy(() -> verifier().build().verify(token(TestKeys.RSA, "k1"))).isInstanceOf(JwksUnavailable.class)
                .cause().hasMessageContaining("larger than 65536 bytes");
        jwks.publishRaw("<html>not json</html>");
        assertThatThrownBy(() -> verifier().build().verify(token(TestKeys.RSA, "k1")))
                .cause().hasMessageContaining("is not a JSON Web Key Set");
        jwks.publish(List.of(K1, K2));
        assertThatThrownBy(() -> verifier().jwksMaxKeys(1).build().verify(token(TestKeys.RSA, "k1")))
                .cause().hasMessageContaining("holds 2 keys, more than 1");
    }

    @Test
    void hmacTokensNeverUseTheKeySet() throws Exception {
        // Even with HS256 allowed, an RSA key set offers no HMAC key, and a published secret is ignored.
        byte[] secret = TestKeys.secret(32);
        jwks.publish(List.<JWK>of(K1, new OctetSequenceKey.Builder(secret).keyID("shared").build()));
        var verifier = JwtVerifier.builder().allowAlgorithms("RS256", "HS256").jwks(jwks.url(), http).clock(clock).build();
        var claims = new JWTClaimsSet.Builder().subject("admin").expirationTime(Date.from(clock.instant().plusSeconds(600))).build();
        var confused = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        confused.sign(new MACSigner(TestKeys.RSA.getPublic().getEncoded()));
        assertThat(reason(verifier, confused.serialize())).isEqualTo("no key for algorithm HS256");
        var published = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("shared").build(), claims);
        published.sign(new MACSigner(secret));
        assertThat(reason(verifier, published.serialize())).isEqualTo("unknown key id");
        assertThat(verifier.verify(token(TestKeys.RSA, "k1")).subject()).isEqualTo("ada");
    }
}
