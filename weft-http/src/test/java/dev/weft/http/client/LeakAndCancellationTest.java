package dev.weft.http.client;

import dev.weft.core.Cancelled;
import dev.weft.core.Task;
import dev.weft.core.TaskGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Responses dropped without being closed are reported with where they were created and their
 * connections reclaimed; a cancelled request closes its connection instead of pooling it.
 */
class LeakAndCancellationTest {
    private final HttpClient client = HttpClient.create();
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("dev.weft.http.client");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void cleanUp() {
        logger.removeHandler(capture);
        client.close();
    }

    @Test
    void aResponseGarbageCollectedUnclosedIsReportedWithItsOriginAndItsConnectionReclaimed() throws Exception {
        logger.addHandler(capture);
        try (var server = FakeServer.start(FakeServer.serving((peer, request, n) ->
                peer.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nnot all of it")))) {
            forgetAResponse(server.url("/leaky"));
            assertThat(client.poolStatistics().inUse()).isEqualTo(1);
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((client.poolStatistics().open() > 0 || records.stream().noneMatch(r -> r.getMessage().startsWith("Unclosed response")))
                    && System.nanoTime() < until) {
                System.gc();
                Thread.sleep(20);
            }
            assertThat(client.poolStatistics()).isEqualTo(new PoolStatistics(0, 0, 0));
            List<LogRecord> reports = records.stream().filter(r -> r.getMessage().startsWith("Unclosed response")).toList();
            assertThat(reports).hasSize(1);
            LogRecord record = reports.getFirst();
            assertThat(record.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(record.getMessage()).contains("Unclosed response from " + server.url("/leaky"));
            assertThat(record.getThrown().getStackTrace())
                    .anyMatch(frame -> frame.getMethodName().equals("forgetAResponse"));
        }
    }

    private void forgetAResponse(String url) {
        ClientResponse response = client.get(url);
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void aClientGarbageCollectedUnclosedIsReportedAndItsPoolClosed() throws Exception {
        logger.addHandler(capture);
        try (var server = FakeServer.start(FakeServer.serving((peer, request, n) -> peer.ok("x")))) {
            PoolStatistics[] last = new PoolStatistics[1];
            useAndDropAClient(server.url("/"), last);
            assertThat(last[0].idle()).isEqualTo(1);
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (records.stream().noneMatch(r -> r.getMessage().startsWith("Unclosed HttpClient"))
                    && System.nanoTime() < until) {
                System.gc();
                Thread.sleep(20);
            }
            assertThat(records).extracting(LogRecord::getMessage).anyMatch(m -> m.startsWith("Unclosed HttpClient"));
        }
    }

    private static void useAndDropAClient(String url, PoolStatistics[] stats) {
        HttpClient dropped = HttpClient.create();
        assertThat(dropped.get(url).text()).isEqualTo("x");
        stats[0] = dropped.poolStatistics();
    }

    @Test
    void aResponseReadToTheEndButNotClosedIsNotALeak() throws Exception {
        logger.addHandler(capture);
        try (var server = FakeServer.start(FakeServer.serving((peer, request, n) -> peer.ok("complete")))) {
            assertThat(client.get(server.url("/")).text()).isEqualTo("complete");
            readWithoutClosing(server.url("/"));
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertThat(records).noneMatch(r -> r.getMessage().startsWith("Unclosed response"));
            assertThat(client.poolStatistics()).isEqualTo(new PoolStatistics(1, 1, 0));
        }
    }

    private void readWithoutClosing(String url) throws Exception {
        var body = client.get(url).body();
        assertThat(body.readAllBytes()).hasSize(8);
    }

    @Test
    void cancellingATaskBlockedOnAResponseClosesTheConnection() throws Exception {
        var requested = new CountDownLatch(1);
        try (var server = FakeServer.start(peer -> {
            peer.read();
            requested.countDown();
            Thread.sleep(10_000);
        })) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                try (var group = TaskGroup.open()) {
                    Task<ClientResponse> task = group.spawn(() -> client.get(server.url("/forever")));
                    assertThat(requested.await(5, TimeUnit.SECONDS)).isTrue();
                    group.cancel();
                    task.join();
                }
            }).isInstanceOf(Cancelled.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(client.poolStatistics()).isEqualTo(new PoolStatistics(0, 0, 0));
        }
    }

    @Test
    void cancellingAWaitForAPoolSlotLeavesThePoolConsistent() throws Exception {
        try (var small = HttpClient.builder().maxConnections(1).build();
             var server = FakeServer.start(FakeServer.serving((peer, request, n) ->
                     peer.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")))) {
            ClientResponse held = small.get(server.url("/"));
            assertThatThrownBy(() -> {
                try (var group = TaskGroup.open()) {
                    Task<String> waiting = group.spawn(() -> small.get(server.url("/")).text());
                    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (small.poolStatistics().waiting() == 0 && System.nanoTime() < until) {
                        Thread.sleep(5);
                    }
                    group.cancel();
                    waiting.join();
                }
            }).isInstanceOf(Cancelled.class);
            assertThat(small.poolStatistics().waiting()).isZero();
            assertThat(held.text()).isEqualTo("hello");
            assertThat(small.get(server.url("/")).text()).isEqualTo("hello");
            assertThat(small.poolStatistics()).isEqualTo(new PoolStatistics(1, 1, 0));
        }
    }
}
