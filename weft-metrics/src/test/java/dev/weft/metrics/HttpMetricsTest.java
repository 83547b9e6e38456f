package dev.weft.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.client.ClientResponse;
import dev.weft.http.client.HttpClient;
import dev.weft.http.server.HttpException;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics of a real server on 127.0.0.1, driven by curl and scraped at {@code /metrics}, the scrape
 * read by Prometheus' own Python parser.
 */
class HttpMetricsTest {
    static WeftMetrics metrics;
    static HttpServer server;
    static String base;

    @BeforeAll
    static void start() {
        metrics = WeftMetrics.create();
        WebApp app = WebApp.create()
                .get("/hello", req -> Response.text("Hello, World!"))
                .get("/users/{id}", req -> Response.text("user " + req.pathParam("id")))
                .get("/orders/{id:\\d+}", req -> Response.text("order " + req.pathParam("id")))
                .get("/items/{id:\\d+}", req -> Response.text("item " + req.pathParam("id")))
                .get("/teapot", req -> {
                    throw new HttpException(418, "short and stout");
                })
                .get("/boom", req -> {
                    throw new IllegalStateException("a bug");
                })
                .route("*", "/any", req -> Response.text("any"))
                .websocket("/ws", (req, ws) -> {
                    for (WebSocketMessage message : ws) {
                        ws.send("Echo: " + message.text());
                    }
                });
        metrics.mountOn(app);
        server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        assertThat(server.openConnections()).as("connections left after close").isZero();
        metrics.close();
        metrics.close(); // idempotent
    }

    private static int status(String... args) {
        var command = new ArrayList<>(List.of("-o", "/dev/null", "-w", "%{http_code}"));
        command.addAll(List.of(args));
        return Integer.parseInt(Peers.curl(command.toArray(String[]::new)).ok());
    }

    private static Scrape scrape() {
        return Scrape.parse(Peers.curl(base + "/metrics").ok());
    }

    @Test
    void countsRequestsPerRouteTemplateMethodAndStatusNeverPerPath() {
        for (int id = 1; id <= 3; id++) {
            assertThat(status(base + "/users/" + id)).isEqualTo(200);
        }
        assertThat(status("-X", "DELETE", base + "/users/9")).isEqualTo(405);
        assertThat(status(base + "/orders/12")).isEqualTo(200);
        assertThat(status("-I", base + "/orders/13")).isEqualTo(200);

        Scrape scrape = scrape();
        assertThat(scrape.typeOf("http_server_requests_seconds_count")).isEqualTo("histogram");
        assertThat(scrape.value("http_server_requests_seconds_count",
                "route", "/users/{id}", "method", "GET", "status", "200")).isEqualTo(3);
        assertThat(scrape.value("http_server_requests_seconds_count",
                "route", "/users/{id}", "method", "DELETE", "status", "405")).isEqualTo(1);
        // A backslash in the template travels escaped and comes back whole.
        assertThat(scrape.value("http_server_requests_seconds_count",
                "route", "/orders/{id:\\d+}", "method", "GET", "status", "200")).isEqualTo(1);
        assertThat(scrape.value("http_server_requests_seconds_count",
                "route", "/orders/{id:\\d+}", "method", "HEAD", "status", "200")).isEqualTo(1);
        assertThat(scrape.samples()).noneMatch(s -> s.labels().getOrDefault("route", "").matches(".*/(users|orders)/\\d+"));
    }

    @Test
    void histogramsHaveTheConfiguredBucketsAndAddUp() {
        for (int i = 0; i < 4; i++) {
            assertThat(status(base + "/hello")).isEqualTo(200);
        }
        Scrape scrape = scrape();
        String[] hello = {"route", "/hello", "method", "GET", "status", "200"};
        List<Scrape.Sample> buckets = scrape.find("http_server_requests_seconds_bucket", hello);
        assertThat(buckets).extracting(s -> s.labels().get("le")).containsExactly("0.005", "0.01", "0.025", "0.05",
                "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf");
        assertThat(buckets).extracting(Scrape.Sample::value).isSorted();
        assertThat(buckets.getLast().value()).isEqualTo(4).isEqualTo(scrape.value("http_server_requests_seconds_count", hello));
        assertThat(scrape.value("http_server_requests_seconds_sum", hello)).isPositive();
        assertThat(scrape.value("http_server_requests_seconds_max", hello)).isPositive();
    }

    @Test
    void failuresUnmatchedPathsAndInventedMethodsGetBoundedLabels() {
        String[] unmatched = {"route", WeftMetrics.UNMATCHED_ROUTE, "method", "GET", "status", "404"};
        double unmatchedBefore = scrape().sum("http_server_requests_seconds_count", unmatched);
        assertThat(status(base + "/teapot")).isEqualTo(418);
        assertThat(status(base + "/boom")).isEqualTo(500);
        assertThat(status(base + "/no/such/page/1")).isEqualTo(404);
        assertThat(status(base + "/no/such/page/2")).isEqualTo(404);
        assertThat(status("-X", "BREW", base + "/any")).isEqualTo(200);
        assertThat(status("-X", "FROBNICATE", base + "/any")).isEqualTo(200);

        Scrape scrape = scrape();
        assertThat(scrape.value("http_server_requests_seconds_count", "route", "/teapot", "status", "418")).isEqualTo(1);
        assertThat(scrape.value("http_server_requests_seconds_count", "route", "/boom", "status", "500")).isEqualTo(1);
        assertThat(scrape.value("http_server_requests_seconds_count", unmatched) - unmatchedBefore).isEqualTo(2);
        assertThat(scrape.value("http_server_requests_seconds_count", "route", "/any", "method", "OTHER")).isEqualTo(2);
        assertThat(scrape.find("http_server_requests_seconds_count", "method", "BREW")).isEmpty();
    }

    @Test
    void concurrentRequestsAreEachCountedOnce() throws Exception {
        String[] found = {"route", "/items/{id:\\d+}", "method", "GET", "status", "200"};
        String[] missing = {"route", WeftMetrics.UNMATCHED_ROUTE, "method", "GET", "status", "404"};
        Scrape before = scrape();
        var calls = new ArrayList<Callable<Integer>>();
        try (HttpClient client = HttpClient.builder().maxConnectionsPerHost(16).build();
             ExecutorService sixteen = Executors.newFixedThreadPool(16, Thread.ofVirtual().factory())) {
            for (int id = 0; id < 400; id++) {
                // Every seventh path is no order id: 58 of the 400 match no route.
                String path = "/items/" + (id % 7 == 0 ? "x" + id : id);
                calls.add(() -> {
                    try (ClientResponse response = client.get(base + path)) {
                        response.text();
                        return response.status();
                    }
                });
            }
            for (Future<Integer> status : sixteen.invokeAll(calls)) {
                assertThat(status.get()).isIn(200, 404);
            }
        }
        Scrape after = scrape();
        String count = "http_server_requests_seconds_count";
        assertThat(after.sum(count, found) - before.sum(count, found)).isEqualTo(400 - 58);
        assertThat(after.sum(count, missing) - before.sum(count, missing)).isEqualTo(58);
        assertThat(after.value("weft_http_server_requests_active")).isEqualTo(1); // the scrape itself
    }

    @Test
    void serverGaugesCountOpenConnectionsAndWebSockets() {
        try (HttpClient client = HttpClient.builder().build();
             WebSocket ws = client.websocket("ws://127.0.0.1:" + server.port() + "/ws")) {
            ws.send("ping");
            // The echo proves the session runs, and the server counts it before it runs.
            assertThat(ws.receive().text()).isEqualTo("Echo: ping");
            Scrape scrape = scrape();
            assertThat(scrape.value("weft_http_server_websockets")).isEqualTo(1);
            // The WebSocket's connection and the scrape's own.
            assertThat(scrape.value("weft_http_server_connections")).isGreaterThanOrEqualTo(2);
            assertThat(scrape.value("weft_http_server_requests_active")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void scrapeIsTheVersion004TextFormatWithJvmFigures() {
        String headers = Peers.curl("-s", "-D", "-", "-o", "/dev/null", base + "/metrics").ok();
        assertThat(headers).containsIgnoringCase("Content-Type: text/plain; version=0.0.4; charset=utf-8");

        Scrape scrape = scrape();
        assertThat(scrape.find("jvm_memory_used_bytes", "area", "heap")).isNotEmpty();
        assertThat(scrape.find("jvm_gc_memory_allocated_bytes_total")).hasSize(1);
        assertThat(scrape.value("jvm_threads_live_threads")).isPositive();
        assertThat(scrape.value("jvm_threads_virtual_scheduler_parallelism")).isPositive();
        assertThat(scrape.value("jvm_threads_virtual_mounted")).isGreaterThanOrEqualTo(1); // this scrape's handler
        assertThat(scrape.find("jvm_threads_virtual_queued")).hasSize(1);
        assertThat(scrape.value("jvm_classes_loaded_classes")).isPositive();
        assertThat(scrape.find("process_cpu_usage")).hasSize(1);
        assertThat(scrape.value("process_uptime_seconds")).isPositive();
        assertThat(scrape.value("process_files_open_files")).isPositive();
    }
}
