package dev.weft.security.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.http.client.ClientRequest;
import dev.weft.http.client.ClientResponse;
import dev.weft.http.client.HttpClient;
import dev.weft.http.client.RequestBody;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.NotFound;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The middleware on a real server on 127.0.0.1: headers, the 429 problem, keys by address and by API key. */
class RateLimitMiddlewareTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RateLimiter threePerMinute(String name) {
        return RateLimiter.builder(name).capacity(3).refill(3, Duration.ofMinutes(1)).build();
    }

    @Test
    void aBurstOverCapacityIsAnswered429WithRetryAfterAndTheHeaders() throws Exception {
        WebApp app = WebApp.create().use(RateLimit.middleware(threePerMinute("api")))
                .get("/", req -> Response.text("ok"))
                .get("/missing", req -> {
                    throw new NotFound("no such thing");
                });
        try (HttpServer server = start(app); HttpClient client = HttpClient.create()) {
            String base = "http://127.0.0.1:" + server.port();
            for (int remaining = 2; remaining >= 1; remaining--) {
                try (ClientResponse res = client.get(base + "/")) {
                    assertThat(res.status()).isEqualTo(200);
                    assertThat(res.header("RateLimit-Limit")).isEqualTo("3");
                    assertThat(res.header("RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
                    assertThat(res.header("RateLimit-Policy")).isEqualTo("\"api\";q=3;w=60");
                    assertThat(res.header("RateLimit")).startsWith("\"api\";r=" + remaining + ";t=");
                    assertThat(res.header("Retry-After")).isNull();
                }
            }
            try (ClientResponse error = client.get(base + "/missing")) {
                assertThat(error.status()).isEqualTo(404);
                assertThat(error.header("RateLimit-Remaining")).as("errors carry the headers too").isEqualTo("0");
            }
            try (ClientResponse refused = client.get(base + "/")) {
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.contentType()).isEqualTo("application/problem+json");
                JsonNode problem = JSON.readTree(refused.text());
                assertThat(problem.get("status").asInt()).isEqualTo(429);
                assertThat(problem.get("detail").asText()).contains("rate limit api exceeded");
                // One token every 20 s: the next one is at most 20 s away, and at least a second.
                assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 20L);
                assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
                assertThat(Long.parseLong(refused.header("RateLimit-Reset"))).isBetween(41L, 60L);
                assertThat(refused.header("RateLimit")).matches("\"api\";r=0;t=[0-9]+");
            }
            // curl, a client nobody here wrote, reads the same answer.
            String curl = curl(base + "/");
            assertThat(curl).contains("HTTP/1.1 429").containsIgnoringCase("retry-after: ")
                    .containsIgnoringCase("ratelimit-limit: 3").contains("\"status\":429");
        }
    }

    @Test
    void keysByApiKeyAreIndependentAndAMissingKeyFallsBackToTheAddress() throws Exception {
        WebApp app = WebApp.create().use(RateLimit.middleware(threePerMinute("keys"), RateLimit.byHeader("X-Api-Key")))
                .get("/", req -> Response.text("ok"));
        try (HttpServer server = start(app); HttpClient client = HttpClient.create()) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            assertThat(statuses(client, url, "alpha", 4)).containsExactly(200, 200, 200, 429);
            assertThat(statuses(client, url, "beta", 4)).as("another key, its own bucket").containsExactly(200, 200, 200, 429);
            assertThat(statuses(client, url, null, 4)).as("no key: the address's bucket").containsExactly(200, 200, 200, 429);
            assertThat(statuses(client, url, "127.0.0.1", 1)).as("a key that looks like an address has its own bucket")
                    .containsExactly(200);
            String huge = "k".repeat(4000);
            assertThat(statuses(client, url, huge, 4)).as("a long key is limited like any other").containsExactly(200, 200, 200, 429);
        }
    }

    @Test
    void oneRouteCanBeLimitedAlone() throws Exception {
        WebApp app = WebApp.create()
                .post("/login", RateLimit.limited(threePerMinute("login"), req -> Response.text("checked")))
                .get("/", req -> Response.text("free"));
        try (HttpServer server = start(app); HttpClient client = HttpClient.create()) {
            String base = "http://127.0.0.1:" + server.port();
            List<Integer> logins = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                try (ClientResponse res = client.post(base + "/login", RequestBody.text("x"))) {
                    logins.add(res.status());
                }
            }
            assertThat(logins).containsExactly(200, 200, 200, 429);
            assertThat(statuses(client, base + "/", null, 5)).as("the other route is not limited").containsOnly(200);
        }
    }

    private static List<Integer> statuses(HttpClient client, String url, String apiKey, int count) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ClientRequest.Builder request = ClientRequest.builder("GET", url);
            if (apiKey != null) {
                request.header("X-Api-Key", apiKey);
            }
            try (ClientResponse res = client.request(request.build())) {
                statuses.add(res.status());
            }
        }
        return statuses;
    }

    static HttpServer start(WebApp app) {
        return HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
    }

    private static String curl(String url) throws IOException, InterruptedException {
        Process curl = new ProcessBuilder("curl", "-s", "-i", "--max-time", "30", url).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(curl.exitValue()).as(out).isZero();
        return out;
    }
}
