package dev.weft.http.client;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** IPv4 and IPv6 literals, host names, the local address connections are made from, Unix domain sockets. */
class AddressingTest {
    private static final WebApp APP = WebApp.create().get("/who", req -> Response.text(
            ((InetSocketAddress) req.remoteAddress()).getAddress().getHostAddress() + " host=" + req.header("Host")));

    @Test
    void reachesAnIpv6LiteralAndSendsItBracketedInHost() throws Exception {
        try (var server = HttpServer.start(APP, ServerConfig.builder().host("::1").port(0).build());
             var client = HttpClient.builder().localAddress(InetAddress.getByName("::1")).build()) {
            assertThat(client.get("http://[::1]:" + server.port() + "/who").text())
                    .isEqualTo("0:0:0:0:0:0:0:1 host=[::1]:" + server.port());
        }
    }

    @Test
    void connectsFromTheConfiguredLocalAddressAndResolvesHostNames() throws Exception {
        try (var server = HttpServer.start(APP, ServerConfig.builder().host("127.0.0.1").port(0).build());
             var client = HttpClient.builder().localAddress(InetAddress.getByName("127.0.0.1")).build()) {
            assertThat(client.get("http://localhost:" + server.port() + "/who").text())
                    .startsWith("127.0.0.1 host=localhost:" + server.port());
        }
    }

    @Test
    void talksOverAUnixDomainSocketWithReadTimeouts(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("weft.sock");
        var release = new CountDownLatch(1);
        var app = WebApp.create()
                .get("/hello", req -> Response.text("over unix, host=" + req.header("Host")))
                .get("/slow", req -> {
                    // Answers only after the assertions: however slow the machine, the read timeout comes first.
                    release.await(10, TimeUnit.SECONDS);
                    return Response.text("late");
                });
        try (var server = HttpServer.start(app, ServerConfig.builder().unixSocket(socket).build());
             var client = HttpClient.builder().unixSocket(socket).readTimeout(Duration.ofMillis(200)).build()) {
            assertThat(client.get("http://api.local/hello").text()).isEqualTo("over unix, host=api.local");
            assertThat(client.get("http://api.local/hello").text()).isEqualTo("over unix, host=api.local");
            assertThat(client.poolStatistics().open()).isEqualTo(1);
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.get("http://api.local/slow"))
                    .isInstanceOfSatisfying(ClientTimeout.class, e -> assertThat(e.kind()).isEqualTo(ClientTimeout.Kind.READ));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(client.poolStatistics().inUse()).isZero();
            release.countDown();
        }
    }

    @Test
    void anUnknownHostIsAClearError() {
        try (var client = HttpClient.create()) {
            assertThatThrownBy(() -> client.get("http://no-such-host.invalid/"))
                    .isInstanceOf(HttpClientException.class)
                    .hasMessageContaining("no-such-host.invalid");
        }
    }
}
