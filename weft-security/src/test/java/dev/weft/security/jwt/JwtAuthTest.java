package dev.weft.security.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.http.client.ClientRequest;
import dev.weft.http.client.ClientResponse;
import dev.weft.http.client.HttpClient;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import dev.weft.security.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JwtAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(Instant.now());
    private final JwtVerifier verifier = JwtVerifier.builder().allowAlgorithms("HS256").hmacKey(TestKeys.SECRET)
            .audience("orders").clock(clock).build();
    private final JwtIssuer issuer = JwtIssuer.builder().hmacKey(TestKeys.SECRET).audience("orders").clock(clock)
            .lifetime(Duration.ofMinutes(5)).build();
    private final HttpServer server = HttpServer.start(app(), ServerConfig.builder().host("127.0.0.1").port(0).build());
    private final HttpClient http = HttpClient.builder().baseUrl("http://127.0.0.1:" + server.port() + "/").build();

    private WebApp app() {
        var secured = WebApp.create()
                .get("/me", req -> Response.text(JwtAuth.principal(req).orElseThrow().subject()))
                .post("/orders", req -> Response.text(JwtAuth.principal(req).orElseThrow().requireScope("orders:write").subject()))
                .use(JwtAuth.required(verifier));
        var open = WebApp.create()
                .get("/hello", req -> Response.text(JwtAuth.principal(req).map(p -> "hello " + p.subject()).orElse("hello stranger")))
                .use(JwtAuth.optional(verifier));
        return WebApp.create().mount("/api", secured).mount("/public", open);
    }

    @AfterEach
    void close() {
        http.close();
        server.close();
    }

    private ClientResponse send(String method, String path, String authorization) {
        var request = ClientRequest.builder(method, path);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.request(request.build());
    }

    private static JsonNode problem(ClientResponse response) throws Exception {
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        return JSON.readTree(response.text());
    }

    @Test
    void validTokenReachesTheHandlerWithItsPrincipal() {
        try (var response = send("GET", "api/me", "Bearer " + issuer.issue("ada", Map.of()))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("ada");
        }
        try (var response = send("GET", "api/me", "bearer " + issuer.issue("bob", Map.of()))) {
            assertThat(response.text()).isEqualTo("bob");
        }
    }

    @Test
    void missingTokenIsChallenged() throws Exception {
        for (String authorization : new String[] {null, "Basic YWRhOnB3", "Bearer ", "Bearertoken"}) {
            try (var response = send("GET", "api/me", authorization)) {
                assertThat(response.status()).as(authorization).isEqualTo(401);
                assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
                assertThat(problem(response).get("detail").asText()).isEqualTo("bearer token required");
            }
        }
    }

    @Test
    void invalidTokenIsRefusedWithTheRfc6750Challenge() throws Exception {
        String token = issuer.issue("ada", Map.of());
        clock.advance(Duration.ofMinutes(10));
        try (var response = send("GET", "api/me", "Bearer " + token)) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate"))
                    .isEqualTo("Bearer error=\"invalid_token\", error_description=\"token expired\"");
            JsonNode problem = problem(response);
            assertThat(problem.get("status").asInt()).isEqualTo(401);
            assertThat(problem.get("detail").asText()).isEqualTo("token expired");
            assertThat(problem.get("instance").asText()).isEqualTo("/api/me");
        }
        try (var response = send("GET", "api/me", "Bearer garbage")) {
            assertThat(response.header("WWW-Authenticate")).contains("error_description=\"token malformed\"");
        }
    }

    @Test
    void missingScopeIsForbidden() throws Exception {
        try (var response = send("POST", "api/orders", "Bearer " + issuer.issue("ada", Map.of("scope", "orders:read")))) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(JSON.readTree(response.text()).get("detail").asText()).isEqualTo("scope orders:write required");
        }
        try (var response = send("POST", "api/orders", "Bearer " + issuer.issue("ada", Map.of("scope", "orders:write")))) {
            assertThat(response.status()).isEqualTo(200);
        }
    }

    @Test
    void optionalRoutesPassWithoutATokenButNotWithABadOne() {
        try (var response = send("GET", "public/hello", null)) {
            assertThat(response.text()).isEqualTo("hello stranger");
        }
        try (var response = send("GET", "public/hello", "Bearer " + issuer.issue("ada", Map.of()))) {
            assertThat(response.text()).isEqualTo("hello ada");
        }
        String forged = JwtIssuer.builder().hmacKey(TestKeys.secret(32)).audience("orders").clock(clock).build().issue("eve", Map.of());
        try (var response = send("GET", "public/hello", "Bearer " + forged)) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).contains("error_description=\"signature invalid\"");
        }
    }
}
