package dev.weft.security.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.api.Api;
import dev.weft.api.Get;
import dev.weft.api.Post;
import dev.weft.api.SecurityScheme;
import dev.weft.http.client.ClientRequest;
import dev.weft.http.client.ClientResponse;
import dev.weft.http.client.HttpClient;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import dev.weft.security.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JwtApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A controller taking the principal as a parameter. */
    public static final class OrdersApi {
        @Get("/me")
        public Map<String, Object> me(JwtPrincipal user) {
            return Map.of("subject", user.subject(), "scopes", List.copyOf(user.scopes()));
        }

        @Post("/orders")
        public String create(JwtPrincipal user) {
            user.requireScope("orders:write");
            return "created for " + user.subject();
        }

        @Get("/health")
        public String health() {
            return "ok";
        }

        @Get("/greeting")
        public String greeting(Optional<JwtPrincipal> user) {
            return user.map(u -> "hello " + u.subject()).orElse("hello stranger");
        }
    }

    private final MutableClock clock = new MutableClock(Instant.now());
    private final JwtVerifier verifier = JwtVerifier.builder().allowAlgorithms("ES256").publicKey(TestKeys.EC.getPublic())
            .issuer("https://auth.test/").clock(clock).build();
    private final JwtIssuer issuer = JwtIssuer.builder().privateKey(TestKeys.EC.getPrivate()).issuer("https://auth.test/")
            .clock(clock).build();
    private final Api api = Api.builder().title("Orders").version("1")
            .security(SecurityScheme.bearer("bearer"))
            .providers(JwtProviders.forApi(verifier))
            .controller(new OrdersApi())
            .build();
    private final HttpServer server = HttpServer.start(api.mountOn(WebApp.create()),
            ServerConfig.builder().host("127.0.0.1").port(0).build());
    private final HttpClient http = HttpClient.builder().baseUrl("http://127.0.0.1:" + server.port() + "/").build();

    @AfterEach
    void close() {
        http.close();
        server.close();
    }

    private ClientResponse get(String path, String token) {
        var request = ClientRequest.builder("GET", path);
        if (token != null) {
            request.bearerAuth(token);
        }
        return http.request(request.build());
    }

    @Test
    void principalParameterNeedsAValidToken() throws Exception {
        try (var response = get("me", null)) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
        try (var response = get("me", issuer.issue("ada", Map.of("scp", List.of("orders:read"))))) {
            assertThat(response.status()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.text());
            assertThat(body.get("subject").asText()).isEqualTo("ada");
            assertThat(body.get("scopes").toString()).isEqualTo("[\"orders:read\"]");
        }
        try (var response = get("health", null)) {
            assertThat(response.status()).isEqualTo(200);
        }
    }

    @Test
    void refusedTokenAnswers401WithTheReasonAndMissingScope403() throws Exception {
        String token = issuer.issue("ada", Map.of());
        clock.advance(Duration.ofHours(1));
        try (var response = get("me", token)) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate"))
                    .isEqualTo("Bearer error=\"invalid_token\", error_description=\"token expired\"");
            assertThat(JSON.readTree(response.text()).get("detail").asText()).isEqualTo("token expired");
        }
        var post = ClientRequest.builder("POST", "orders").bearerAuth(issuer.issue("ada", Map.of("scope", "orders:read"))).build();
        try (var response = http.request(post)) {
            assertThat(response.status()).isEqualTo(403);
        }
        var allowed = ClientRequest.builder("POST", "orders").bearerAuth(issuer.issue("ada", Map.of("scope", "orders:write"))).build();
        try (var response = http.request(allowed)) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(JSON.readTree(response.text()).asText()).isEqualTo("created for ada");
        }
    }

    @Test
    void optionalPrincipalTreatsMissingAndRefusedTokensAsAnonymous() throws Exception {
        try (var response = get("greeting", issuer.issue("ada", Map.of()))) {
            assertThat(JSON.readTree(response.text()).asText()).isEqualTo("hello ada");
        }
        try (var response = get("greeting", null)) {
            assertThat(JSON.readTree(response.text()).asText()).isEqualTo("hello stranger");
        }
        try (var response = get("greeting", "forged.token.here")) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(JSON.readTree(response.text()).asText()).isEqualTo("hello stranger");
        }
    }

    @Test
    void openApiListsTheBearerRequirementForPrincipalOperations() throws Exception {
        JsonNode doc;
        try (var response = get("openapi.json", null)) {
            doc = JSON.readTree(response.text());
        }
        assertThat(doc.get("components").get("securitySchemes").get("bearer").toString())
                .isEqualTo("{\"type\":\"http\",\"scheme\":\"bearer\"}");
        assertThat(doc.get("paths").get("/me").get("get").get("security").toString()).isEqualTo("[{\"bearer\":[]}]");
        assertThat(doc.get("paths").get("/orders").get("post").get("security").toString()).isEqualTo("[{\"bearer\":[]}]");
        assertThat(doc.get("paths").get("/health").get("get").has("security")).isFalse();
    }

    @Test
    void curlSeesTheChallenge() throws Exception {
        // A peer that is not weft: curl reads the 401 and its challenge as any client would.
        var curl = new ProcessBuilder("curl", "-s", "-i", "-H", "Authorization: Bearer not.a.token",
                "http://127.0.0.1:" + server.port() + "/me").redirectErrorStream(true).start();
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).startsWith("HTTP/1.1 401")
                .containsIgnoringCase("www-authenticate: Bearer error=\"invalid_token\", error_description=\"token malformed\"");
    }
}
