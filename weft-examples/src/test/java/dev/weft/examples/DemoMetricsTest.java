package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.http.server.HttpServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The demo's operations face as a Prometheus server and a log reader see it: {@code /metrics} and request ids. */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoMetricsTest {
    private HttpServer server;
    private String base;

    @BeforeAll
    void start(TestDatabase database) {
        database.execute("GRANT CREATE ON DATABASE " + database.name() + " TO scram_user"); // for schema weft_demo
        server = HttpServer.start(DemoApp.create(database.uri("scram_user", "scram_pass")), 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** The value of the one line of {@code scrape} that starts with {@code series} (name and labels as exported). */
    private static double sample(String scrape, String series) {
        List<String> lines = scrape.lines().filter(line -> line.startsWith(series + " ")).toList();
        assertThat(lines).as(series).hasSize(1);
        return Double.parseDouble(lines.getFirst().substring(series.length() + 1));
    }

    @Test
    void metricsShowPerRouteCountsAndThePool() {
        for (int id = 1; id <= 2; id++) {
            assertThat(HttpReply.of(Peers.curl(base + "/users/" + id)).status()).isEqualTo(200);
        }
        assertThat(HttpReply.of(Peers.curl(base + "/users/999999")).status()).isEqualTo(404);
        assertThat(HttpReply.of(Peers.curl(base + "/users")).status()).isEqualTo(200);

        HttpReply reply = HttpReply.of(Peers.curl(base + "/metrics"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("content-type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String scrape = reply.body();
        // Micrometer writes tags in name order: method, route, status.
        assertThat(sample(scrape,
                "http_server_requests_seconds_count{method=\"GET\",route=\"/users/{id}\",status=\"200\"}")).isEqualTo(2);
        assertThat(sample(scrape,
                "http_server_requests_seconds_count{method=\"GET\",route=\"/users/{id}\",status=\"404\"}")).isEqualTo(1);
        assertThat(sample(scrape,
                "http_server_requests_seconds_count{method=\"GET\",route=\"/users\",status=\"200\"}")).isEqualTo(1);
        assertThat(scrape).doesNotContain("route=\"/users/1\"");
        assertThat(sample(scrape, "weft_pg_pool_connections{pool=\"demo\",state=\"in_use\"}")).isZero();
        assertThat(sample(scrape, "weft_pg_pool_connections{pool=\"demo\",state=\"idle\"}")).isPositive();
        assertThat(sample(scrape, "weft_pg_pool_acquired_total{pool=\"demo\"}")).isGreaterThanOrEqualTo(3);
        assertThat(sample(scrape, "weft_http_server_connections")).isGreaterThanOrEqualTo(1);
        assertThat(sample(scrape, "jvm_threads_virtual_scheduler_parallelism")).isPositive();
    }

    @Test
    void everyResponseCarriesARequestIdAndKeepsTheCallers() {
        HttpReply fresh = HttpReply.of(Peers.curl(base + "/users"));
        assertThat(fresh.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        HttpReply kept = HttpReply.of(Peers.curl("-H", "X-Request-Id: checkout-42", base + "/users/1"));
        assertThat(kept.header("X-Request-Id")).isEqualTo("checkout-42");
    }
}
