package dev.weft.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import org.junit.jupiter.api.Test;

/** The server gauges before the app is served, once it is, and for a server bound by hand. */
class ServerMetricsTest {
    private static HttpServer start(WebApp app) {
        return HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
    }

    @Test
    void gaugesShowAGapUntilTheAppIsServedThenItsServersFigures() {
        try (var metrics = WeftMetrics.create(MetricsConfig.defaults().withJvmMetrics(false))) {
            WebApp app = WebApp.create().get("/", req -> Response.text("hi"));
            metrics.mountOn(app);
            Scrape before = Scrape.parse(metrics.scrape());
            assertThat(before.value("weft_http_server_connections")).isNaN();
            assertThat(before.value("weft_http_server_websockets")).isNaN();

            HttpServer server = start(app);
            try {
                Scrape served = Scrape.parse(Peers.curl("http://127.0.0.1:" + server.port() + "/metrics").ok());
                assertThat(served.value("weft_http_server_connections")).isEqualTo(1); // the scrape's own
                assertThat(served.value("weft_http_server_websockets")).isZero();
            } finally {
                server.close();
            }
            assertThat(Scrape.parse(metrics.scrape()).value("weft_http_server_connections")).isZero();
        }
    }

    @Test
    void aServerStartedElsewhereIsBoundByHand() {
        HttpServer server = start(WebApp.create().get("/", req -> Response.text("hi")));
        try (var metrics = WeftMetrics.create(MetricsConfig.defaults().withJvmMetrics(false)).bind(server)) {
            assertThat(Peers.curl("http://127.0.0.1:" + server.port() + "/").ok()).isEqualTo("hi");
            Scrape scrape = Scrape.parse(metrics.scrape());
            assertThat(scrape.value("weft_http_server_connections")).isBetween(0.0, 1.0); // curl may not have hung up yet
            assertThat(scrape.value("weft_http_server_websockets")).isZero();
            assertThat(scrape.find("http_server_requests_seconds_count")).as("no middleware was added").isEmpty();
        } finally {
            server.close();
        }
    }
}
