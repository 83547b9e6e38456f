package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.TaskGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Clients that hold a connection by being slow: trickling a head or a body, or never reading the
 * response. Each must lose its connection within a bounded time, whatever its pace, and free its slot.
 * The trickling peers sleep between bytes because a slow peer is what is under test.
 */
class SlowClientTest {
    private static final WebApp APP = WebApp.create()
            .get("/", req -> Response.text("ok"))
            .post("/echo", req -> Response.bytes(req.bytes(), "application/octet-stream"));

    /** Writes {@code bytes} one at a time every {@code pauseMillis} until done or the server closes; returns how many went out. */
    private static int trickle(OutputStream out, byte[] bytes, long pauseMillis) {
        int sent = 0;
        try {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                sent++;
                Thread.sleep(pauseMillis);
            }
        } catch (IOException | InterruptedException e) {
            // The server closed the connection (the outcome under test) or the test ended.
        }
        return sent;
    }

    @Test
    void aBodyTrickledSteadilyGets408AtTheTotalBodyDeadline() throws Exception {
        // Each byte comes well within the per-read timeout: only the total deadline can end this body.
        var config = LocalServer.config().bodyReadTimeout(Duration.ofSeconds(20)).bodyTimeout(Duration.ofSeconds(1))
                .minBodyRate(1024).build();
        try (var server = HttpServer.start(APP, config); var c = new RawClient(server.port())) {
            c.socket.setSoTimeout(30_000);
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n");
            var sent = new AtomicInteger();
            try (var group = TaskGroup.open()) {
                group.spawn(() -> sent.set(trickle(c.socket.getOutputStream(), new byte[200], 100)));
                var reply = c.read();
                assertThat(reply.status()).isEqualTo(408);
                assertThat(reply.text()).contains("request body not received in time");
                assertThat(c.closedByServer()).isTrue();
                c.socket.shutdownOutput(); // ends the trickle, if the close has not already
                group.join();
            }
            assertThat(sent.get()).as("bytes of the body sent before the 408").isLessThan(200);
        }
    }

    @Test
    void aLargeBodyAtAFairRateOutlivesTheTotalDeadlineButNotWhenItIsHard() throws Exception {
        byte[] body = new byte[96 * 1024];
        var fair = LocalServer.config().bodyTimeout(Duration.ofMillis(400)).minBodyRate(1024).build();
        try (var server = HttpServer.start(APP, fair); var c = new RawClient(server.port())) {
            c.socket.setSoTimeout(30_000);
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n");
            sendInPieces(c.socket.getOutputStream(), body, 8);
            var reply = c.read();
            assertThat(reply.status()).as("96 KiB earn 96 s on top of the 0.4 s").isEqualTo(200);
            assertThat(reply.body()).hasSize(body.length);
        }
        var hard = LocalServer.config().bodyTimeout(Duration.ofMillis(400)).minBodyRate(0).build();
        try (var server = HttpServer.start(APP, hard); var c = new RawClient(server.port())) {
            c.socket.setSoTimeout(30_000);
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n");
            try (var group = TaskGroup.open()) {
                group.spawn(() -> {
                    try {
                        sendInPieces(c.socket.getOutputStream(), body, 8);
                    } catch (IOException e) {
                        // The 408 closed the connection first.
                    }
                });
                assertThat(c.read().status()).isEqualTo(408);
                group.join();
            }
        }
    }

    /** Sends {@code body} in {@code pieces} parts 200 ms apart: longer in all than the deadlines above. */
    private static void sendInPieces(OutputStream out, byte[] body, int pieces) throws IOException {
        int size = body.length / pieces;
        for (int i = 0; i < pieces; i++) {
            out.write(body, i * size, size);
            out.flush();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Test
    void aHeadTrickledSteadilyGets408AtTheTotalHeaderDeadline() throws Exception {
        var config = LocalServer.config().headerReadTimeout(Duration.ofSeconds(1)).build();
        byte[] endless = "X-Slow: a\r\n".repeat(200).getBytes(StandardCharsets.US_ASCII);
        try (var server = HttpServer.start(APP, config); var c = new RawClient(server.port())) {
            c.socket.setSoTimeout(30_000);
            c.send("GET / HTTP/1.1\r\nHost: x\r\n");
            var sent = new AtomicInteger();
            try (var group = TaskGroup.open()) {
                group.spawn(() -> sent.set(trickle(c.socket.getOutputStream(), endless, 20)));
                var reply = c.read();
                assertThat(reply.status()).isEqualTo(408);
                assertThat(c.closedByServer()).isTrue();
                c.socket.shutdownOutput();
                group.join();
            }
            assertThat(sent.get()).isLessThan(endless.length);
        }
    }

    @Test
    void aClientThatNeverReadsLosesItsSlotToTheWriteTimeout() throws Exception {
        var streaming = new CountDownLatch(1);
        var app = WebApp.create().get("/", req -> Response.text("ok"))
                .get("/firehose", req -> Response.stream("application/octet-stream", out -> {
                    streaming.countDown();
                    byte[] chunk = new byte[64 * 1024];
                    while (true) {
                        out.write(chunk);
                    }
                }));
        var config = LocalServer.config().maxConnections(1).writeTimeout(Duration.ofMillis(300)).build();
        try (var server = HttpServer.start(app, config)) {
            try (var stuck = new RawClient(server.port())) {
                stuck.send("GET /firehose HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(streaming.await(30, TimeUnit.SECONDS)).as("the one slot taken").isTrue();
                // Never read: the socket buffers fill, the write blocks, the timeout closes the connection.
                awaitNoConnection(server);
                try (var fresh = new RawClient(server.port())) {
                    assertThat(fresh.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("ok");
                }
            }
        }
    }

    /** Polls (under a generous deadline) until the server holds no connection. */
    static void awaitNoConnection(HttpServer server) throws InterruptedException {
        awaitConnections(server, 0);
    }

    /** Polls (under a generous deadline) until the server holds at most {@code most} connections. */
    static void awaitConnections(HttpServer server, int most) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.openConnections() > most && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.openConnections()).as("connections open").isLessThanOrEqualTo(most);
    }
}
