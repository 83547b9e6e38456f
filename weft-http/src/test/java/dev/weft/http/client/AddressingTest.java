package dev.weft.http.client;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** IPv4 and IPv6 literals, host names, and the local address connections are made from. */
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
    void anUnknownHostIsAClearError() {
        try (var client = HttpClient.create()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.get("http://no-such-host.invalid/"))
                    .isInstanceOf(HttpClientException.class)
                    .hasMessageContaining("no-such-host.invalid");
        }
    }
}
