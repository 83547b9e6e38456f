package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, listening (IPv4, IPv6, Unix sockets), connection limits and graceful shutdown. */
class ServerLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void runsHooksAndCleanupContextsInOrder() {
        List<String> events = new CopyOnWriteArrayList<>();
        var app = WebApp.create()
                .onStartup(a -> events.add("startup"))
                .cleanupContext(a -> {
                    events.add("open db");
                    a.set("db", "connected");
                    return () -> events.add("close db");
                })
                .cleanupContext(a -> {
                    events.add("open cache");
                    return () -> events.add("close cache");
                })
                .onShutdown(a -> events.add("shutdown"))
                .get("/", req -> Response.text(req.app().get("db", String.class)));
        try (var _ = HttpServer.start(app, LocalServer.config().build())) {
            assertThat(events).containsExactly("startup", "open db", "open cache");
        }
        assertThat(events).containsExactly("startup", "open db", "open cache", "shutdown", "close cache", "close db");
    }

    @Test
    void failedStartupClosesWhatWasOpenedAndDoesNotListen() {
        List<String> events = new CopyOnWriteArrayList<>();
        var app = WebApp.create()
                .cleanupContext(a -> () -> events.add("closed"))
                .cleanupContext(a -> {
                    throw new IllegalStateException("db down");
                });
        assertThatThrownBy(() -> HttpServer.start(app, LocalServer.config().build()))
                .hasMessageContaining("startup failed").hasRootCauseMessage("db down");
        assertThat(events).containsExactly("closed");
    }

    @Test
    void gracefulShutdownFinishesInFlightClosesIdleAndStopsAccepting() throws Exception {
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var app = WebApp.create()
                .get("/", req -> Response.text("quick"))
                .get("/slow", req -> {
                    entered.countDown();
                    // Held until the test has seen shutdown begin, so the order never depends on timing.
                    release.await(10, TimeUnit.SECONDS);
                    return Response.text("done");
                });
        var server = HttpServer.start(app, LocalServer.config().shutdownGrace(Duration.ofSeconds(10)).build());
        int port = server.port();
        try (var idle = new RawClient(port); var busy = new RawClient(port)) {
            assertThat(idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("quick");
            busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            var closing = CompletableFuture.runAsync(server::close);
            assertThat(idle.closedByServer()).as("idle keep-alive connection closed").isTrue();
            assertThat(closing).as("shutdown waits for the in-flight request").isNotDone();
            release.countDown();
            var reply = busy.read();
            assertThat(reply.text()).isEqualTo("done");
            assertThat(reply.header("Connection")).isEqualTo("close");
            closing.get(10, TimeUnit.SECONDS);
        }
        assertThat(server.openConnections()).isZero();
        assertThatThrownBy(() -> new RawClient(port)).isInstanceOf(ConnectException.class);
    }

    @Test
    void shutdownForcesConnectionsPastTheGracePeriod() throws Exception {
        var entered = new CountDownLatch(1);
        var app = WebApp.create().get("/hang", req -> {
            entered.countDown();
            Thread.sleep(60_000);
            return Response.text("never");
        });
        var server = HttpServer.start(app, LocalServer.config().build());
        try (var c = new RawClient(server.port())) {
            c.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            server.shutdown(Duration.ofMillis(200));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(c.closedByServer()).isTrue();
        }
        server.awaitShutdown();
    }

    @Test
    void connectionLimitRefusesTheNextConnectionUntilAPermitIsFree() throws Exception {
        var app = WebApp.create().get("/", req -> Response.text("ok"));
        try (var server = HttpServer.start(app, LocalServer.config().maxConnections(2).build())) {
            var first = new RawClient(server.port());
            var second = new RawClient(server.port());
            assertThat(first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("ok");
            assertThat(second.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("ok");
            try (var third = new RawClient(server.port())) {
                var refused = third.read();
                assertThat(refused.status()).as("refused while both permits are taken").isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                assertThat(third.closedByServer()).isTrue();
            }
            first.close();
            SlowClientTest.awaitConnections(server, 1);
            try (var fourth = new RawClient(server.port())) {
                assertThat(fourth.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("ok");
            }
            second.close();
        }
    }

    @Test
    void clientThatStopsReadingIsDisconnectedByTheWriteTimeout() throws Exception {
        var writerFailed = new CountDownLatch(1);
        var app = WebApp.create().get("/firehose", req -> Response.stream("application/octet-stream", out -> {
            byte[] chunk = new byte[64 * 1024];
            try {
                while (true) {
                    out.write(chunk);
                }
            } finally {
                writerFailed.countDown();
            }
        }));
        try (var server = HttpServer.start(app, LocalServer.config().writeTimeout(Duration.ofMillis(300)).build());
             var c = new RawClient(server.port())) {
            c.send("GET /firehose HTTP/1.1\r\nHost: x\r\n\r\n");
            // Never read: the socket buffers fill, the server's write blocks, and the timeout ends it.
            assertThat(writerFailed.await(10, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.openConnections()).isZero();
        }
    }

    @Test
    void listensOnIpv6Loopback() throws Exception {
        var app = WebApp.create().get("/", req -> Response.text("v6 " + req.remoteAddress()));
        try (var server = HttpServer.start(app, ServerConfig.builder().host("::1").port(0).build())) {
            try (var socket = new java.net.Socket("::1", server.port())) {
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(response).startsWith("HTTP/1.1 200 OK").contains("v6 /[0:0:0:0:0:0:0:1]");
            }
        }
    }

    @Test
    void listensOnUnixDomainSocket() throws Exception {
        Path socketPath = dir.resolve("weft.sock");
        var app = WebApp.create().get("/", req -> Response.text("unix"));
        try (var server = HttpServer.start(app, ServerConfig.builder().unixSocket(socketPath).build())) {
            assertThat(server.port()).isEqualTo(-1);
            try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(socketPath));
                channel.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)));
                var all = new java.io.ByteArrayOutputStream();
                var buf = ByteBuffer.allocate(4096);
                while (channel.read(buf.clear()) > 0) {
                    all.write(buf.array(), 0, buf.position());
                }
                assertThat(all.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200 OK").endsWith("unix");
            }
        }
        assertThat(Files.exists(socketPath)).as("socket file removed on close").isFalse();
    }

    @Test
    void unixSocketEnforcesHeaderTimeoutToo() throws Exception {
        Path socketPath = dir.resolve("slow.sock");
        var app = WebApp.create().get("/", req -> Response.text("unix"));
        try (var _ = HttpServer.start(app, ServerConfig.builder().unixSocket(socketPath)
                .headerReadTimeout(Duration.ofMillis(300)).build())) {
            try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(socketPath));
                channel.write(ByteBuffer.wrap("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)));
                var buf = ByteBuffer.allocate(4096);
                int n = channel.read(buf);
                assertThat(new String(buf.array(), 0, Math.max(n, 0), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 408");
            }
        }
    }

    @Test
    void refusesBadConfiguration() {
        assertThatThrownBy(() -> ServerConfig.builder().clientMaxSize(0).build()).hasMessageContaining("clientMaxSize <= 0: 0");
        assertThatThrownBy(() -> ServerConfig.builder().port(70000).build()).hasMessageContaining("70000");
        assertThatThrownBy(() -> ServerConfig.builder().idleTimeout(Duration.ZERO).build()).hasMessageContaining("timeout");
    }

    @Test
    void startFailsClearlyWhenThePortIsTaken() throws IOException {
        var app = WebApp.create();
        try (var first = HttpServer.start(app, LocalServer.config().build())) {
            assertThatThrownBy(() -> HttpServer.start(WebApp.create(), LocalServer.config().port(first.port()).build()))
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
        }
    }
}
