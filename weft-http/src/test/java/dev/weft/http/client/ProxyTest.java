package dev.weft.http.client;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Forwarding through an HTTP proxy (a scripted one that checks what it receives), bypass lists, and the
 * environment variables; WebSockets through a CONNECT tunnel (TLS through one is in {@link HttpsTest}).
 */
class ProxyTest {
    @Test
    void plainRequestsGoToTheProxyInAbsoluteFormWithItsCredentials() throws Exception {
        try (var proxy = FakeServer.start(FakeServer.serving((peer, request, n) -> peer.ok(request.requestLine()
                + " host=" + request.header("host") + " auth=" + request.header("proxy-authorization"))));
             var client = HttpClient.builder().proxy("http://u:p@127.0.0.1:" + proxy.port(), List.of()).build()) {
            assertThat(client.get("http://example.test:8080/a?b=c").text())
                    .isEqualTo("GET http://example.test:8080/a?b=c HTTP/1.1 host=example.test:8080 auth=Basic dTpw");
            assertThat(client.get("http://other.test/x").text())
                    .isEqualTo("GET http://other.test/x HTTP/1.1 host=other.test auth=Basic dTpw");
            assertThat(proxy.connections()).as("a forwarding proxy connection per target").isEqualTo(2);
            assertThat(client.get("http://example.test:8080/again").text()).startsWith("GET http://example.test:8080/again");
            assertThat(proxy.connections()).isEqualTo(2);
        }
    }

    @Test
    void webSocketsGoThroughTheProxyInAConnectTunnel() throws Exception {
        var app = WebApp.create().websocket("/echo", WebSocketOptions.builder().build(), (req, ws) -> {
            ws.send("upgraded at " + req.path());
            for (var message : ws) {
                ws.send(message.text());
            }
        });
        var seen = new CopyOnWriteArrayList<String>();
        try (var server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
             var proxy = FakeServer.connectProxy(server.port(), 200, seen);
             var client = HttpClient.builder().proxy("http://u:p@127.0.0.1:" + proxy.port(), List.of()).build();
             WebSocket ws = client.websocket("ws://127.0.0.1:" + server.port() + "/echo", WebSocketOptions.builder().build())) {
            assertThat(ws.receive().text()).isEqualTo("upgraded at /echo");
            ws.send("through the tunnel");
            assertThat(ws.receive().text()).isEqualTo("through the tunnel");
            assertThat(seen).containsExactly("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1 auth=Basic dTpw");
        }
    }

    @Test
    void aProxyRefusingTheWebSocketTunnelIsAClearError() throws Exception {
        var seen = new CopyOnWriteArrayList<String>();
        try (var proxy = FakeServer.connectProxy(1, 403, seen);
             var client = HttpClient.builder().proxy("http://127.0.0.1:" + proxy.port(), List.of()).build()) {
            assertThatThrownBy(() -> client.websocket("ws://ws.example.test/chat", WebSocketOptions.builder().build()))
                    .isInstanceOf(HttpClientException.class)
                    .hasMessageContaining("refused CONNECT to ws.example.test:80: 403");
            assertThat(seen).containsExactly("CONNECT ws.example.test:80 HTTP/1.1 auth=null");
            assertThat(client.poolStatistics().open()).isZero();
        }
    }

    @Test
    void hostsInTheBypassListAreReachedDirectly() throws Exception {
        try (var target = FakeServer.start(FakeServer.serving((peer, request, n) -> peer.ok("direct " + request.requestLine())));
             var proxy = FakeServer.start(FakeServer.serving((peer, request, n) -> peer.ok("proxied")));
             var client = HttpClient.builder().proxy("http://127.0.0.1:" + proxy.port(), List.of("127.0.0.1")).build()) {
            assertThat(client.get(target.url("/x")).text()).isEqualTo("direct GET /x HTTP/1.1");
            assertThat(proxy.connections()).isZero();
        }
    }

    @Test
    void environmentVariablesAreReadAsCurlDoes() {
        var config = ProxyConfig.fromEnvironment(Map.of("HTTPS_PROXY", "http://u:p@proxy.corp:3128",
                "http_proxy", "plain.corp:8080", "NO_PROXY", ".internal, localhost:8080"));
        Endpoint https = config.route(new Endpoint(true, "api.example.com", 443, null), false);
        assertThat(https.proxy()).isEqualTo(new Endpoint(false, "proxy.corp", 3128, null));
        assertThat(config.authorizationFor(https)).isEqualTo("Basic dTpw");
        Endpoint http = config.route(new Endpoint(false, "example.com", 80, null), false);
        assertThat(http.proxy()).isEqualTo(new Endpoint(false, "plain.corp", 8080, null));
        assertThat(config.authorizationFor(http)).isNull();
        assertThat(config.route(new Endpoint(false, "db.internal", 80, null), false).proxy()).isNull();
        assertThat(config.route(new Endpoint(true, "localhost", 8443, null), false).proxy()).isNull();
        assertThat(ProxyConfig.fromEnvironment(Map.of()).route(new Endpoint(false, "a", 80, null), false).proxy()).isNull();
    }

    @Test
    void aProxyThatIsNotAnHttpUrlIsRefused() {
        assertThatThrownBy(() -> HttpClient.builder().proxy("socks5://127.0.0.1:1080", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socks5://127.0.0.1:1080");
    }
}
