package dev.weft.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings: validation with the bad value in the message, custom buckets, the series bound. */
class MetricsConfigTest {
    @Test
    void rejectsBadBucketsAndBounds() {
        MetricsConfig defaults = MetricsConfig.defaults();
        assertThatThrownBy(() -> defaults.withLatencyBuckets(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> defaults.withLatencyBuckets(List.of(Duration.ofSeconds(1), Duration.ofMillis(10))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending").hasMessageContaining("PT1S");
        assertThatThrownBy(() -> defaults.withLatencyBuckets(List.of(Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> defaults.withMaxSeries(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSeries < 1: 0");
    }

    @Test
    void customBucketsAndTheSeriesBoundShowInTheScrape() {
        var config = MetricsConfig.defaults().withJvmMetrics(false).withMaxSeries(2)
                .withLatencyBuckets(List.of(Duration.ofMillis(1), Duration.ofSeconds(30)));
        try (var metrics = WeftMetrics.create(config)) {
            WebApp app = WebApp.create()
                    .get("/a", req -> Response.text("a"))
                    .get("/b", req -> Response.text("b"))
                    .get("/c", req -> Response.text("c"));
            metrics.mountOn(app, "/internal/metrics");
            HttpServer server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
            try {
                String base = "http://127.0.0.1:" + server.port();
                for (String path : List.of("/a", "/b", "/c", "/c", "/a")) {
                    assertThat(Peers.curl("-o", "/dev/null", "-w", "%{http_code}", base + path).ok()).isEqualTo("200");
                }
                Scrape scrape = Scrape.parse(Peers.curl(base + "/internal/metrics").ok());
                assertThat(scrape.value("http_server_requests_seconds_count", "route", "/a")).isEqualTo(2);
                assertThat(scrape.value("http_server_requests_seconds_count", "route", "/b")).isEqualTo(1);
                assertThat(scrape.find("http_server_requests_seconds_count", "route", "/c")).isEmpty();
                assertThat(scrape.value("http_server_requests_seconds_count", "route", WeftMetrics.OVERFLOW_ROUTE))
                        .isEqualTo(2);
                assertThat(scrape.find("http_server_requests_seconds_bucket", "route", "/a"))
                        .extracting(s -> s.labels().get("le")).containsExactly("0.001", "30.0", "+Inf");
            } finally {
                server.close();
            }
        }
    }
}
