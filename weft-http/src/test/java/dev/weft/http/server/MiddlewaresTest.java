package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built-in middlewares, in the order an app would stack them. */
class MiddlewaresTest {
    static HttpServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final List<String> log = new CopyOnWriteArrayList<>();
    static final List<String> order = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        var app = WebApp.create()
                .use(Middlewares.accessLog(AccessLogEntry::commonLogFormat, log::add))
                .use((req, next) -> {
                    order.add("outer-in");
                    Response r = next.handle(req);
                    order.add("outer-out");
                    return r;
                })
                .use(Middlewares.errors())
                .use(Middlewares.cors(CorsPolicy.allowOrigins("https://app.example").withCredentials(true)
                        .withExposedHeaders("X-Request-Id")))
                .use(Middlewares.securityHeaders(SecurityHeaders.defaults().withHsts(Duration.ofDays(1))
                        .withContentSecurityPolicy("default-src 'self'")))
                .use(Middlewares.requestId())
                .use(Middlewares.timeout(Duration.ofMillis(300)))
                .use((req, next) -> {
                    order.add("inner");
                    return next.handle(req);
                })
                .get("/ok", req -> Response.text("ok " + req.attribute(Middlewares.REQUEST_ID).orElseThrow()))
                .get("/teapot", req -> {
                    throw new HttpException(418, "short and stout");
                })
                .get("/teapot-answered", req -> Response.problem(418, "short and stout", req).header("X-Spout", "1"))
                .get("/boom", req -> {
                    throw new IllegalStateException("secret internals");
                })
                .get("/slow", req -> {
                    Thread.sleep(10_000);
                    return Response.text("late");
                })
                .put("/data", req -> Response.text("put"));
        server = LocalServer.start(app);
    }

    @AfterAll
    static void stop() {
        LocalServer.stop(server);
    }

    private static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void runsOutermostFirstAndLogsCommonLogFormat() throws Exception {
        order.clear();
        var r = send("GET", "/ok?x=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(order).containsExactly("outer-in", "inner", "outer-out");
        assertThat(log).anySatisfy(line -> assertThat(line)
                .matches("127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /ok\\?x=1 HTTP/1\\.1\" 200 \\d+"));
    }

    @Test
    void errorsBecomeProblemJson() throws Exception {
        var teapot = send("GET", "/teapot");
        assertThat(teapot.statusCode()).isEqualTo(418);
        assertThat(teapot.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(teapot.body()).contains("\"detail\":\"short and stout\"");
        var boom = send("GET", "/boom");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).contains("\"title\":\"Internal Server Error\"").doesNotContain("secret internals");
        assertThat(log).anySatisfy(line -> assertThat(line).contains("\"GET /boom HTTP/1.1\" 500"));
    }

    @Test
    void aProblemAnsweredIsTheProblemThrownPlusItsHeaders() throws Exception {
        var thrown = send("GET", "/teapot");
        var answered = send("GET", "/teapot-answered");
        assertThat(answered.statusCode()).isEqualTo(418);
        assertThat(answered.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(answered.headers().firstValue("X-Spout")).contains("1");
        assertThat(answered.body()).isEqualTo(thrown.body().replace("/teapot", "/teapot-answered"));
    }

    @Test
    void timeoutAnswers503WithinTheDeadline() throws Exception {
        long t0 = System.nanoTime();
        var r = send("GET", "/slow");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("not handled within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(send("GET", "/ok").statusCode()).as("the connection's next request still works").isEqualTo(200);
    }

    @Test
    void addsSecurityHeadersButHstsOnlyOverTls() throws Exception {
        var r = send("GET", "/ok");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("strict-origin-when-cross-origin");
        assertThat(r.headers().firstValue("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void keepsAPlainRequestIdAndReplacesAnUnsafeOne() throws Exception {
        var kept = send("GET", "/ok", "X-Request-Id", "abc-123");
        assertThat(kept.headers().firstValue("X-Request-Id")).contains("abc-123");
        assertThat(kept.body()).isEqualTo("ok abc-123");
        var replaced = send("GET", "/ok", "X-Request-Id", "bad id with spaces");
        assertThat(replaced.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f-]{36}");
    }

    @Test
    void corsAnswersPreflightAndDecoratesResponses() throws Exception {
        var preflight = send("OPTIONS", "/data", "Origin", "https://app.example",
                "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type");
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("PUT");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).contains("content-type");
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).contains("600");
        var denied = send("OPTIONS", "/data", "Origin", "https://evil.example", "Access-Control-Request-Method", "PUT");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        var actual = send("GET", "/ok", "Origin", "https://app.example");
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example");
        assertThat(actual.headers().firstValue("Access-Control-Expose-Headers")).contains("X-Request-Id");
        assertThat(actual.headers().allValues("Vary")).contains("Origin");
        var other = send("GET", "/ok", "Origin", "https://evil.example");
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void corsRefusesCredentialsWithWildcard() {
        assertThatThrownBy(() -> CorsPolicy.allowAny().withCredentials(true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credentials");
        assertThatThrownBy(() -> CorsPolicy.allowOrigins("https://a.example/path"))
                .hasMessageContaining("scheme://host");
    }
}
