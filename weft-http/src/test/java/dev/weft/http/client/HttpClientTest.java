package dev.weft.http.client;

import dev.weft.core.Concurrent;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Middlewares;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against Weft's own server: bodies both ways, headers, auth, pool limits and reuse. */
class HttpClientTest {
    record User(String name, int age) {
    }

    private static final AtomicInteger inFlight = new AtomicInteger();
    private static final AtomicInteger maxInFlight = new AtomicInteger();
    private static HttpServer server;
    private static String base;
    private HttpClient client = HttpClient.create();

    @BeforeAll
    static void startServer() {
        var app = WebApp.create()
                .get("/hello", req -> Response.text("Hello, World!"))
                .get("/latin1", req -> Response.bytes("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1),
                        "text/plain; charset=iso-8859-1"))
                .get("/user", req -> Response.json(new User("Ada", 36)))
                .post("/echo", req -> Response.bytes(req.bytes(), String.valueOf(req.contentType()))
                        .header("X-Length", String.valueOf(req.contentLength())))
                .post("/users", req -> Response.json(201, req.json(User.class)))
                .post("/form", req -> Response.text(new java.util.TreeMap<>(req.form()).toString()))
                .get("/headers", req -> Response.text("auth=" + req.header("Authorization")
                        + " x=" + req.header("X-Default") + " q=" + req.queryParams()))
                .get("/status/{code}", req -> Response.text((int) req.pathParamLong("code"), "status"))
                .get("/empty", req -> Response.noContent())
                .get("/lines", req -> Response.stream("text/plain", out -> {
                    for (int i = 0; i < 3; i++) {
                        out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }))
                .get("/big", req -> Response.text("weft ".repeat(10_000)))
                .get("/slow", req -> {
                    int now = inFlight.incrementAndGet();
                    maxInFlight.accumulateAndGet(now, Math::max);
                    Thread.sleep(50);
                    inFlight.decrementAndGet();
                    return Response.text("done");
                })
                .use(Middlewares.compression(100));
        server = HttpServer.start(app, ServerConfig.builder().host(InetAddress.getLoopbackAddress().getHostAddress())
                .port(0).build());
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void noLeak() {
        assertThat(client.poolStatistics().inUse()).as("connections still lent out").isZero();
        client.close();
    }

    @Test
    void getsTextJsonAndBytes() {
        try (ClientResponse response = client.get(base + "/hello")) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.reason()).isEqualTo("OK");
            assertThat(response.contentType()).isEqualTo("text/plain");
            assertThat(response.text()).isEqualTo("Hello, World!");
        }
        assertThat(client.get(base + "/user").json(User.class)).isEqualTo(new User("Ada", 36));
        assertThat(client.get(base + "/latin1").text()).isEqualTo("caf\u00e9");
        assertThat(client.get(base + "/hello").bytes()).isEqualTo("Hello, World!".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sequentialRequestsReuseOneKeepAliveConnection() {
        for (int i = 0; i < 5; i++) {
            assertThat(client.get(base + "/hello").text()).isEqualTo("Hello, World!");
        }
        assertThat(client.poolStatistics()).isEqualTo(new PoolStatistics(1, 1, 0));
    }

    @Test
    void postsBytesTextJsonFormAndAStreamedBody() {
        try (ClientResponse response = client.post(base + "/echo", RequestBody.bytes(new byte[]{1, 2, 3}, "application/x-raw"))) {
            assertThat(response.bytes()).containsExactly(1, 2, 3);
            assertThat(response.header("x-length")).isEqualTo("3");
        }
        assertThat(client.post(base + "/echo", RequestBody.text("h\u00e9llo")).text()).isEqualTo("h\u00e9llo");
        try (ClientResponse created = client.post(base + "/users", RequestBody.json(new User("Grace", 85)))) {
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json(User.class)).isEqualTo(new User("Grace", 85));
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "a b&c");
        form.put("lang", "\u00e9");
        assertThat(client.post(base + "/form", RequestBody.form(form)).text()).isEqualTo("{lang=[\u00e9], name=[a b&c]}");
        byte[] large = new byte[300_000];
        new java.util.Random(7).nextBytes(large);
        try (ClientResponse response = client.post(base + "/echo",
                RequestBody.stream(new ByteArrayInputStream(large), "application/octet-stream"))) {
            assertThat(response.header("x-length")).as("sent chunked, without a length").isEqualTo("-1");
            assertThat(response.bytes()).isEqualTo(large);
        }
    }

    @Test
    void baseUrlDefaultHeadersQueryParametersAndAuth() {
        client.close(); // replaced: close it, or the leak detector would report it
        client = HttpClient.builder().baseUrl(base + "/").header("X-Default", "d").basicAuth("ada", "pw").build();
        assertThat(client.get("headers").text()).isEqualTo("auth=Basic YWRhOnB3 x=d q={}");
        var request = ClientRequest.builder("GET", "/headers").query("q", "a b").query("q", "\u00e9&")
                .bearerAuth("tok").build();
        assertThat(client.request(request).text()).isEqualTo("auth=Bearer tok x=d q={q=[a b, \u00e9&]}");
    }

    @Test
    void raiseForStatusThrowsATypedErrorWithTheStatus() {
        try (ClientResponse response = client.get(base + "/status/404")) {
            assertThat(response.status()).isEqualTo(404);
            assertThatThrownBy(response::raiseForStatus).isInstanceOfSatisfying(ClientResponseError.class,
                    e -> assertThat(e.status()).isEqualTo(404));
        }
        client.close(); // replaced: close it, or the leak detector would report it
        client = HttpClient.builder().raiseForStatus(true).build();
        assertThatThrownBy(() -> client.get(base + "/status/503"))
                .isInstanceOfSatisfying(ClientResponseError.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.url().getPath()).isEqualTo("/status/503");
                });
        try (ClientResponse accepted = client.get(base + "/status/202")) {
            assertThat(accepted.status()).isEqualTo(202);
        }
    }

    @Test
    void headAndNoContentHaveNoBodyAndKeepTheConnection() {
        try (ClientResponse head = client.head(base + "/big")) {
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.bytes()).isEmpty();
        }
        try (ClientResponse empty = client.get(base + "/empty")) {
            assertThat(empty.status()).isEqualTo(204);
            assertThat(empty.text()).isEmpty();
        }
        assertThat(client.get(base + "/hello").text()).isEqualTo("Hello, World!");
        assertThat(client.poolStatistics().open()).isEqualTo(1);
    }

    @Test
    void compressedResponsesAreDecompressed() {
        try (ClientResponse response = client.get(base + "/big")) {
            assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(response.text()).isEqualTo("weft ".repeat(10_000));
        }
    }

    @Test
    void streamingBodiesAndLines() throws Exception {
        try (var lines = client.get(base + "/lines").lines()) {
            assertThat(lines).containsExactly("line 0", "line 1", "line 2");
        }
        try (InputStream body = client.get(base + "/big").body()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).hasSize(50_000);
        }
    }

    @Test
    void responseBodiesAreBoundedForBytesAndTextButNotForStreams() throws Exception {
        client.close(); // replaced: close it, or the leak detector would report it
        client = HttpClient.builder().maxBodySize(1000).decompress(false).build();
        assertThatThrownBy(() -> client.get(base + "/big").text())
                .isInstanceOf(InvalidResponse.class).hasMessageContaining("maxBodySize 1000");
        try (InputStream body = client.get(base + "/big").body()) {
            assertThat(body.readAllBytes()).hasSize(50_000);
        }
    }

    @Test
    void closingAnUnreadResponseClosesItsConnection() {
        ClientResponse response = client.get(base + "/big");
        assertThat(client.poolStatistics().inUse()).isEqualTo(1);
        response.close();
        response.close();
        assertThat(client.poolStatistics()).isEqualTo(new PoolStatistics(0, 0, 0));
        assertThatThrownBy(response::text).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void perHostLimitBoundsConcurrencyAndWaitersAreServed() {
        client.close(); // replaced: close it, or the leak detector would report it
        client = HttpClient.builder().maxConnectionsPerHost(3).build();
        maxInFlight.set(0);
        List<String> bodies = Concurrent.map(IntStream.range(0, 24).boxed().toList(), 24,
                i -> client.get(base + "/slow").text());
        assertThat(bodies).hasSize(24).containsOnly("done");
        assertThat(maxInFlight.get()).isBetween(1, 3);
        assertThat(client.poolStatistics().open()).isLessThanOrEqualTo(3);
    }

    @Test
    void poolTimeoutEndsAWaitForASlot() {
        client.close(); // replaced: close it, or the leak detector would report it
        client = HttpClient.builder().maxConnections(1).poolTimeout(Duration.ofMillis(100)).build();
        try (ClientResponse held = client.get(base + "/big")) {
            assertThatThrownBy(() -> client.get(base + "/hello"))
                    .isInstanceOfSatisfying(ClientTimeout.class, e -> assertThat(e.kind()).isEqualTo(ClientTimeout.Kind.POOL));
            assertThat(held.status()).isEqualTo(200);
        }
        assertThat(client.get(base + "/hello").text()).isEqualTo("Hello, World!");
    }

    @Test
    void idleConnectionsAreEvictedAfterTheKeepAliveTime() throws Exception {
        client.close(); // replaced: close it, or the leak detector would report it
        client = HttpClient.builder().keepAlive(Duration.ofMillis(100)).build();
        client.get(base + "/hello").text();
        assertThat(client.poolStatistics().idle()).isEqualTo(1);
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (client.poolStatistics().open() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(client.poolStatistics().open()).isZero();
    }

    @Test
    void invalidUsageIsRefusedWithTheBadValue() {
        assertThatThrownBy(() -> client.get("ftp://example.com/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://example.com/");
        assertThatThrownBy(() -> client.get("/relative-without-base")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientRequest.builder("GET", base).header("X-Bad", "a\r\nb"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X-Bad");
        assertThatThrownBy(() -> HttpClient.builder().maxConnections(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections <= 0: 0");
    }

    @Test
    void closedClientRefusesRequests() {
        client.close();
        assertThatThrownBy(() -> client.get(base + "/hello")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
