package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.embeddedpg.AuthMethod;
import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.http.server.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The demo through a database outage, on a server of its own (the tests stop it): while the database
 * is unavailable every request that needs it answers 503 with {@code Retry-After}, never 500;
 * {@code /health} stays 200 and {@code /ready} says 503; once the database is back the service serves
 * again by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutageTest {
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    private EmbeddedPostgres postgres;
    private HttpServer server;
    /** Set once a test restarted the server outside its fixture's watchdog: it must be stopped the same way. */
    private PgControl restarted;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        postgres = EmbeddedPostgres.builder().tls(false).user("demo", "demo", AuthMethod.SCRAM_SHA_256).start();
        postgres.createDatabase("demo");
        postgres.execute("ALTER DATABASE demo OWNER TO demo");
        server = HttpServer.start(DemoApp.create(postgres.uri("demo", "demo", "demo")), 0);
    }

    @AfterAll
    void stop() {
        server.close();
        try {
            if (restarted != null) {
                restarted.stop();
            }
        } catch (Exception e) {
            throw new AssertionError("cannot stop the restarted server", e);
        } finally {
            postgres.close();
        }
        http.close();
    }

    @Test
    void terminatedBackendsAnswer503AtWorstAndTheNextRequestsAreServed() throws Exception {
        assertThat(get("/users").statusCode()).isEqualTo(200);
        assertThat(postgres.query("demo", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = 'demo'")
                .getFirst().getFirst()).isNotEqualTo("0");

        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> response = get("/users");
        long end = System.nanoTime() + RECOVERY.toNanos();
        while (response.statusCode() != 200 && System.nanoTime() < end) {
            expectOutageAnswer(response);
            statuses.add(response.statusCode());
            response = get("/users");
        }
        assertThat(response.statusCode()).as("served again after " + statuses).isEqualTo(200);
        assertThat(get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void aStoppedServerAnswers503UntilItIsBackAndThenTheServiceRecoversByItself() throws Exception {
        var control = new PgControl(postgres);
        assertThat(get("/users").statusCode()).isEqualTo(200);
        control.stop();
        try {
            for (int i = 0; i < 3; i++) {
                expectOutageAnswer(get("/users"));
                expectOutageAnswer(post("/users", "{\"name\":\"Written during the outage\"}"));
            }
            HttpResponse<String> ready = get("/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(ready.body()).contains("\"status\":\"unavailable\"");
            assertThat(get("/health").statusCode()).as("liveness does not depend on the database").isEqualTo(200);
        } finally {
            control.start();
            restarted = control;
        }
        HttpResponse<String> response = get("/users");
        long end = System.nanoTime() + RECOVERY.toNanos();
        while (response.statusCode() != 200 && System.nanoTime() < end) {
            expectOutageAnswer(response);
            response = get("/users");
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("Written during the outage");
        assertThat(post("/users", "{\"name\":\"Written after the outage\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"ready\"");
    }

    private static void expectOutageAnswer(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("the database is unavailable");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
