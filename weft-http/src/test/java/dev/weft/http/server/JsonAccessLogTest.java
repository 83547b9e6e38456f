package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The access log's JSON lines with the request id and the route, as a log pipeline would read them. */
class JsonAccessLogTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final List<String> lines = new CopyOnWriteArrayList<>();
    static HttpServer server;

    @BeforeAll
    static void start() {
        var app = WebApp.create()
                .use(Middlewares.accessLog(AccessLogEntry::jsonLine, lines::add))
                .use(Middlewares.requestId())
                .get("/users/{id}", req -> Response.text("user " + req.pathParam("id") + " in "
                        + req.attribute(Middlewares.REQUEST_ID).orElseThrow()))
                .get("/boom", req -> {
                    throw new IllegalStateException("a bug");
                });
        server = LocalServer.start(app);
    }

    @AfterAll
    static void stop() {
        LocalServer.stop(server);
    }

    private static HttpResponse<String> get(String path, String requestId) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The one line whose request id is {@code id}; the log is written before the response leaves. */
    private static JsonNode lineOf(String id) throws Exception {
        JsonNode found = null;
        for (String line : lines) {
            assertThat(line).doesNotContain("\n");
            JsonNode node = JSON.readTree(line);
            if (id.equals(node.get("request_id").asText())) {
                assertThat(found).as("one line per request").isNull();
                found = node;
            }
        }
        assertThat(found).as("line of " + id + " in " + lines).isNotNull();
        return found;
    }

    @Test
    void aCallersRequestIdIsKeptEchoedGivenToTheHandlerAndLoggedWithTheRoute() throws Exception {
        HttpResponse<String> response = get("/users/42?token=secret", "trace-7f3a.1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("trace-7f3a.1");
        assertThat(response.body()).isEqualTo("user 42 in trace-7f3a.1");

        JsonNode line = lineOf("trace-7f3a.1");
        assertThat(line.get("method").asText()).isEqualTo("GET");
        assertThat(line.get("path").asText()).isEqualTo("/users/42");
        assertThat(line.get("route").asText()).isEqualTo("/users/{id}");
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("bytes").asLong()).isEqualTo(response.body().length());
        assertThat(line.get("duration_ms").isNumber()).isTrue();
        assertThat(line.get("duration_ms").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(line.get("remote").asText()).isEqualTo("127.0.0.1");
        assertThat(line.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)");
        assertThat(OffsetDateTime.parse(line.get("time").asText())).isNotNull();
        assertThat(line.toString()).doesNotContain("secret");
    }

    @Test
    void aMissingOrUnsafeRequestIdIsReplacedByAFreshOne() throws Exception {
        HttpResponse<String> none = get("/users/1", null);
        HttpResponse<String> unsafe = get("/users/2", "a\"b{c}");
        String noneId = none.headers().firstValue("X-Request-Id").orElseThrow();
        String unsafeId = unsafe.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(noneId).matches("[0-9a-f-]{36}").isNotEqualTo(unsafeId);
        assertThat(unsafeId).matches("[0-9a-f-]{36}");
        assertThat(lineOf(noneId).get("path").asText()).isEqualTo("/users/1");
        assertThat(lineOf(unsafeId).get("path").asText()).isEqualTo("/users/2");
    }

    @Test
    void failuresAndUnmatchedPathsAreLoggedWithTheirStatus() throws Exception {
        HttpResponse<String> boom = get("/boom", "boom-1");
        HttpResponse<String> missing = get("/no/such/page", "missing-1");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(lineOf("boom-1").get("status").asInt()).isEqualTo(500);
        assertThat(lineOf("boom-1").get("route").asText()).isEqualTo("/boom");
        assertThat(lineOf("missing-1").get("status").asInt()).isEqualTo(404);
        assertThat(lineOf("missing-1").get("route").isNull()).isTrue();
    }
}
