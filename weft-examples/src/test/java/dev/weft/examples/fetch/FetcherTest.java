package dev.weft.examples.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.client.HttpClient;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fetcher against a real Weft server on 127.0.0.1 that answers, fails, stalls and flakes on purpose. */
class FetcherTest {
    private static final AtomicInteger FLAKY_CALLS = new AtomicInteger();
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    private static final AtomicInteger MOST_IN_FLIGHT = new AtomicInteger();
    private static final CountDownLatch STALL_RELEASE = new CountDownLatch(1);

    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void start() {
        var app = WebApp.create()
                .get("/ok", request -> Response.text("hello"))
                .get("/big", request -> Response.bytes(new byte[10_000], "application/octet-stream"))
                .get("/missing", request -> Response.text(404, "no such page"))
                .get("/flaky", request -> FLAKY_CALLS.incrementAndGet() <= 2
                        ? Response.text(503, "busy") : Response.text("finally"))
                .get("/stall", request -> {
                    // Answers only once the test is over: however slow the machine, the timeout comes first.
                    STALL_RELEASE.await();
                    return Response.text("too late");
                })
                .get("/counted/{n}", request -> {
                    MOST_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(50);
                        return Response.text("n=" + request.pathParam("n"));
                    } finally {
                        IN_FLIGHT.decrementAndGet();
                    }
                });
        server = HttpServer.start(app, 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        STALL_RELEASE.countDown();
        server.close();
    }

    @Test
    void resultsComeBackInOrderWithStatusAndSize() {
        List<FetchResult> results = fetch(List.of("-c", "3", base + "/ok", base + "/big", base + "/missing"));
        assertThat(results).extracting(r -> r.url().getPath()).containsExactly("/ok", "/big", "/missing");
        assertThat(results).extracting(FetchResult::status).containsExactly(200, 200, 404);
        assertThat(results).extracting(FetchResult::bytes).containsExactly(5L, 10_000L, 12L);
        assertThat(results).extracting(FetchResult::ok).containsExactly(true, true, false);
        assertThat(results.get(2).attempts()).as("a 404 is an answer, not retried").isEqualTo(1);
    }

    @Test
    void overloadStatusesAreRetriedWithBackoff() {
        FLAKY_CALLS.set(0);
        FetchResult result = fetch(List.of("-r", "3", base + "/flaky")).getFirst();
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.ok()).isTrue();
    }

    @Test
    void anAttemptThatTakesTooLongTimesOutAndCountsAsFailed() {
        FetchResult result = fetch(List.of("-t", "1", "-r", "1", base + "/stall")).getFirst();
        assertThat(result.ok()).isFalse();
        assertThat(result.status()).isZero();
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.error()).contains("ClientTimeout");
    }

    @Test
    void aRefusedConnectionIsReportedNotThrown() throws Exception {
        FetchResult result;
        // Bound but not listening: connecting is refused, and no other process can take the port meanwhile.
        try (var closed = new Socket()) {
            closed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            result = fetch(List.of("-r", "1", "http://127.0.0.1:" + closed.getLocalPort() + "/")).getFirst();
        }
        assertThat(result.ok()).isFalse();
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.error()).isNotBlank();
    }

    @Test
    void neverMoreRequestsInFlightThanAllowed() {
        MOST_IN_FLIGHT.set(0);
        List<String> args = new ArrayList<>(List.of("-c", "4"));
        for (int i = 0; i < 24; i++) {
            args.add(base + "/counted/" + i);
        }
        List<FetchResult> results = fetch(args);
        assertThat(results).allMatch(FetchResult::ok);
        assertThat(MOST_IN_FLIGHT.get()).isBetween(1, 4);
    }

    @Test
    void exitCodeSaysWhetherEverythingWorked() {
        assertThat(FetchMain.run(List.of(base + "/ok", base + "/big"))).isZero();
        assertThat(FetchMain.run(List.of(base + "/ok", base + "/missing"))).isEqualTo(1);
        assertThat(FetchMain.run(List.of("--concurrency"))).isEqualTo(2);
        assertThat(FetchMain.run(List.of("ftp://example.org/"))).isEqualTo(2);
        assertThat(FetchMain.run(List.of("--file", "no-such-urls.txt"))).isEqualTo(2);
        assertThat(FetchMain.run(List.of("-c", "many", base + "/ok"))).isEqualTo(2);
        assertThat(FetchMain.run(List.of("http://exa mple.org/"))).isEqualTo(2);
    }

    @Test
    void badCommandLinesAreExplainedInOneLineBeforeTheUsage() {
        assertThatThrownBy(() -> FetchOptions.parse(List.of("--file", "no-such-urls.txt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read URLs from no-such-urls.txt: no such file");
        assertThatThrownBy(() -> FetchOptions.parse(List.of("-t", "soon", "http://example.org/")))
                .hasMessageStartingWith("-t needs a whole number, not 'soon'\nusage: fetch");
    }

    @Test
    void theSampleUrlFileShipsWithTheExamples() {
        FetchOptions options = FetchOptions.parse(List.of("--file", "sample-urls.txt"));
        assertThat(options.urls()).hasSize(5).allSatisfy(url -> assertThat(url.getScheme()).isEqualTo("https"));
    }

    @Test
    void progressBarEndsFullAndSummaryCountsFailures() {
        var progress = new ByteArrayOutputStream();
        FetchOptions options = FetchOptions.parse(List.of(base + "/ok", base + "/missing"));
        List<FetchResult> results;
        try (HttpClient client = HttpClient.create()) {
            results = new Fetcher(client, options).fetchAll(new PrintStream(progress, true, StandardCharsets.UTF_8));
        }
        assertThat(progress.toString(StandardCharsets.UTF_8)).endsWith("] 2/2 (1 failed)\n");
        assertThat(SummaryTable.format(results)).contains("2 URLs, 1 ok, 1 failed, 17 bytes");
    }

    private static List<FetchResult> fetch(List<String> args) {
        FetchOptions options = FetchOptions.parse(args);
        try (HttpClient client = HttpClient.builder().totalTimeout(options.timeout()).build()) {
            return new Fetcher(client, options).fetchAll(new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8));
        }
    }
}
