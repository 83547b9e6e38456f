package dev.weft.http.client;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Forwarding through an HTTP proxy (a scripted one that checks what it receives), bypass lists, and the
 * environment variables; the CONNECT tunnel is tested with TLS in {@link HttpsTest}.
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
        Endpoint https = config.route(new Endpoint(true, "api.example.com", 443, null));
        assertThat(https.proxy()).isEqualTo(new Endpoint(false, "proxy.corp", 3128, null));
        assertThat(config.authorizationFor(https)).isEqualTo("Basic dTpw");
        Endpoint http = config.route(new Endpoint(false, "example.com", 80, null));
        assertThat(http.proxy()).isEqualTo(new Endpoint(false, "plain.corp", 8080, null));
        assertThat(config.authorizationFor(http)).isNull();
        assertThat(config.route(new Endpoint(false, "db.internal", 80, null)).proxy()).isNull();
        assertThat(config.route(new Endpoint(true, "localhost", 8443, null)).proxy()).isNull();
        assertThat(ProxyConfig.fromEnvironment(Map.of()).route(new Endpoint(false, "a", 80, null)).proxy()).isNull();
    }

    @Test
    void aProxyThatIsNotAnHttpUrlIsRefused() {
        assertThatThrownBy(() -> HttpClient.builder().proxy("socks5://127.0.0.1:1080", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socks5://127.0.0.1:1080");
    }
}
