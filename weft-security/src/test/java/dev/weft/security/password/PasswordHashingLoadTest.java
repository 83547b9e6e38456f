package dev.weft.security.password;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.TaskGroup;
import dev.weft.http.client.ClientResponse;
import dev.weft.http.client.HttpClient;
import dev.weft.http.client.RequestBody;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Hashing under load, on a real server on 127.0.0.1: it runs off the server's threads (a plain GET is
 * answered while hashes run), never more at once than the bound, and a caller that cannot get a slot in
 * time is answered 503, not left waiting.
 */
class PasswordHashingLoadTest {
    /** Costly enough that a hash lasts well beyond a GET's round trip, even on a loaded machine. */
    private static PasswordHasher.Builder costly() {
        return PasswordHasher.builder().memoryKiB(65_536).iterations(4);
    }

    @Test
    void theServerAnswersWhileHashesRunAndNoMoreThanTheBoundRunAtOnce() {
        PasswordHasher hasher = costly().maxConcurrent(2).maxWait(Duration.ofMinutes(5)).build();
        int hashes = 8;
        CountDownLatch done = new CountDownLatch(hashes);
        WebApp app = WebApp.create().get("/ping", req -> Response.text("pong"));
        try (HttpServer server = start(app); HttpClient client = HttpClient.create()) {
            TaskGroup.run(group -> {
                for (int i = 0; i < hashes; i++) {
                    String password = "password " + i;
                    group.spawn(() -> {
                        assertThat(hasher.hash(password)).startsWith("$argon2id$v=19$m=65536,t=4,p=1$");
                        done.countDown();
                    });
                }
                awaitRunning(hasher, 2);
                try (ClientResponse res = client.get("http://127.0.0.1:" + server.port() + "/ping")) {
                    long unfinished = done.getCount();
                    assertThat(res.status()).isEqualTo(200);
                    assertThat(res.text()).isEqualTo("pong");
                    assertThat(unfinished).as("hashes still running when the GET was answered").isPositive();
                }
            });
        }
        assertThat(done.getCount()).isZero();
        HashingStatistics stats = hasher.statistics();
        assertThat(stats.peakRunning()).as("the most hashes at once").isEqualTo(2);
        assertThat(stats.running()).isZero();
        assertThat(stats.refused()).isZero();
    }

    @Test
    void aCallerThatFindsEverySlotTakenIsAnswered503AndATooLongPassword422() {
        PasswordHasher hasher = costly().iterations(20).maxConcurrent(1).maxWait(Duration.ofMillis(200)).build();
        WebApp app = WebApp.create().post("/signup", req -> Response.text(hasher.hash(req.text())));
        try (HttpServer server = start(app); HttpClient client = HttpClient.create()) {
            String url = "http://127.0.0.1:" + server.port() + "/signup";
            TaskGroup.run(group -> {
                group.spawn(() -> hasher.hash("the first, holding the only slot"));
                awaitRunning(hasher, 1);
                try (ClientResponse busy = client.post(url, RequestBody.text("the second"))) {
                    assertThat(busy.status()).isEqualTo(503);
                    assertThat(busy.contentType()).isEqualTo("application/problem+json");
                    assertThat(busy.text()).contains("password hashing busy");
                }
                assertThat(hasher.statistics().refused()).isEqualTo(1);
                assertThat(hasher.statistics().running()).as("the first still holds its slot").isEqualTo(1);
            });
            try (ClientResponse tooLong = client.post(url, RequestBody.text("x".repeat(100_000)))) {
                assertThat(tooLong.status()).isEqualTo(422);
                assertThat(tooLong.text()).contains("more than the 1024 allowed");
            }
        }
        assertThat(hasher.statistics().peakRunning()).isEqualTo(1);
    }

    private static HttpServer start(WebApp app) {
        return HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
    }

    /** Waits until {@code count} hashes compute; the hasher has no event for it, so a bounded poll. */
    private static void awaitRunning(PasswordHasher hasher, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (hasher.statistics().running() < count) {
            assertThat(System.nanoTime()).as(count + " hashes running by the deadline").isLessThan(deadline);
            Thread.yield();
        }
    }
}
