package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Forwarded headers over real sockets: believed from a trusted proxy only, walked from the right so a
 * client's forged entries never win, and never a 500 however malformed.
 */
class TrustedProxiesTest {
    private final List<String> accessLog = new CopyOnWriteArrayList<>();

    private WebApp app() {
        return WebApp.create()
                .use(Middlewares.accessLog(AccessLogEntry::commonLogFormat, accessLog::add))
                .use(Middlewares.securityHeaders(SecurityHeaders.defaults().withHsts(Duration.ofDays(365))))
                .get("/who", req -> Response.text(address(req.remoteAddress()) + " " + address(req.peerAddress())
                        + " " + req.scheme() + " " + req.secure() + " " + req.host()))
                .get("/account", req -> Response.redirect(req.scheme() + "://" + req.host() + "/login"));
    }

    private static String address(java.net.SocketAddress address) {
        var inet = (InetSocketAddress) address;
        String host = inet.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + (inet.getPort() == 0 ? "0" : "peer");
    }

    private RawClient.Reply get(UnaryOperator<ServerConfig.Builder> config, String path, String... headers)
            throws IOException {
        return get("127.0.0.1", config, path, headers);
    }

    private RawClient.Reply get(String host, UnaryOperator<ServerConfig.Builder> config, String path,
                                String... headers) throws IOException {
        HttpServer server = HttpServer.start(app(), config.apply(LocalServer.config().host(host)).build());
        try (var client = new RawClient(host, server.port())) {
            var request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost:" + server.port()
                    + "\r\nConnection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            return client.send(request.append("\r\n").toString()).read();
        } finally {
            LocalServer.stop(server);
        }
    }

    private static UnaryOperator<ServerConfig.Builder> trusting(String... cidrs) {
        return b -> b.trustedProxies(List.of(cidrs));
    }

    @Test
    void forgedHeadersFromAnUntrustedPeerChangeNothing() throws IOException {
        String[] forged = {"X-Forwarded-For: 203.0.113.7", "X-Forwarded-Proto: https",
                "X-Forwarded-Host: evil.example", "Forwarded: for=203.0.113.7;proto=https;host=evil.example"};
        for (var config : List.<UnaryOperator<ServerConfig.Builder>>of(b -> b, trusting("10.0.0.0/8", "::1/128"),
                b -> b.trustedProxies(List.of("192.168.0.0/16")).forwardedHeaders(ForwardedHeaders.FORWARDED))) {
            var reply = get(config, "/who", forged);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.text()).startsWith("127.0.0.1:peer 127.0.0.1:peer http false localhost:");
            assertThat(reply.header("Strict-Transport-Security")).isNull();
        }
    }

    @Test
    void aTrustedPeersXForwardedHeadersDescribeTheClient() throws IOException {
        var reply = get(trusting("127.0.0.1/32"), "/who",
                "X-Forwarded-For: 203.0.113.7", "X-Forwarded-Proto: https", "X-Forwarded-Host: app.example");
        assertThat(reply.text()).isEqualTo("203.0.113.7:0 127.0.0.1:peer https true app.example");
        assertThat(reply.header("Strict-Transport-Security")).isEqualTo("max-age=31536000; includeSubDomains");
        assertThat(accessLog).anySatisfy(line -> assertThat(line).startsWith("203.0.113.7 "));
    }

    @Test
    void aSpoofedLeftEntryLosesToTheAddressTheTrustedProxyAppended() throws IOException {
        // The client sent "X-Forwarded-For: 6.6.6.6"; its proxy 10.1.2.3 appended the client's real address,
        // and the trusted peer appended 10.1.2.3.
        var reply = get(trusting("127.0.0.1/32", "10.0.0.0/8"), "/who",
                "X-Forwarded-For: 6.6.6.6, 203.0.113.7, 10.1.2.3");
        assertThat(reply.text()).startsWith("203.0.113.7:0 127.0.0.1:peer http false");
    }

    @Test
    void whenEveryHopIsTrustedTheLeftmostIsTheClient() throws IOException {
        var reply = get(trusting("127.0.0.1", "10.0.0.0/8"), "/who", "X-Forwarded-For: 10.0.0.1, 10.0.0.2");
        assertThat(reply.text()).startsWith("10.0.0.1:0 ");
    }

    @Test
    void theWalkStopsAfterMaxForwardedHops() throws IOException {
        var reply = get(b -> b.trustedProxies(List.of("127.0.0.1/32", "10.0.0.0/8")).maxForwardedHops(2), "/who",
                "X-Forwarded-For: 203.0.113.7, 10.0.0.1, 10.0.0.2");
        assertThat(reply.text()).startsWith("10.0.0.1:0 ");
    }

    @Test
    void aProtoListAppendedHopByHopIsReadAtTheClientsHop() throws IOException {
        // The client forged "https"; the trusted proxy appended the scheme it really saw.
        var reply = get(trusting("127.0.0.1/32"), "/who",
                "X-Forwarded-For: 6.6.6.6, 203.0.113.7", "X-Forwarded-Proto: https, http");
        assertThat(reply.text()).startsWith("203.0.113.7:0 127.0.0.1:peer http false");
    }

    @Test
    void malformedValuesFallBackToWhatTheConnectionSaysAndNeverFail() throws IOException {
        var trusted = trusting("127.0.0.1/32", "10.0.0.0/8");
        assertThat(get(trusted, "/who", "X-Forwarded-For: not-an-address").text())
                .startsWith("127.0.0.1:peer 127.0.0.1:peer http");
        assertThat(get(trusted, "/who", "X-Forwarded-For: 203.0.113.7, 999.1.1.1").text())
                .startsWith("127.0.0.1:peer ");
        assertThat(get(trusted, "/who", "X-Forwarded-For: 127.1").text()).startsWith("127.0.0.1:peer ");
        assertThat(get(trusted, "/who", "X-Forwarded-For: garbage, 10.0.0.5").text()).startsWith("10.0.0.5:0 ");
        var reply = get(trusted, "/who", "X-Forwarded-Proto: javascript", "X-Forwarded-Host: evil.example/path");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).matches("127\\.0\\.0\\.1:peer 127\\.0\\.0\\.1:peer http false localhost:\\d+");
        var forwarded = get(b -> b.trustedProxies(List.of("127.0.0.1/32")).forwardedHeaders(ForwardedHeaders.FORWARDED),
                "/who", "Forwarded: for=\"203.0.113.7;proto=https");
        assertThat(forwarded.status()).isEqualTo(200);
        assertThat(forwarded.text()).startsWith("127.0.0.1:peer 127.0.0.1:peer http false");
    }

    @Test
    void rfc7239ForwardedIsReadHopByHopAndXForwardedIsThenIgnored() throws IOException {
        var reply = get(b -> b.trustedProxies(List.of("127.0.0.1/32")).forwardedHeaders(ForwardedHeaders.FORWARDED),
                "/who", "Forwarded: for=6.6.6.6;proto=http;host=evil.example",
                "Forwarded: for=\"[2001:db8:cafe::17]:4711\";proto=https;host=\"app.example:8443\"",
                "X-Forwarded-For: 198.51.100.1");
        assertThat(reply.text()).isEqualTo("[2001:db8:cafe:0:0:0:0:17]:peer 127.0.0.1:peer https true app.example:8443");
    }

    @Test
    void anIpv6ProxyIsTrustedByItsBlockOnly() throws IOException {
        var trusted = get("::1", trusting("::1/128"), "/who", "X-Forwarded-For: 2001:db8::1",
                "X-Forwarded-Proto: https");
        assertThat(trusted.text()).startsWith("[2001:db8:0:0:0:0:0:1]:0 [0:0:0:0:0:0:0:1]:peer https true");
        var untrusted = get("::1", trusting("127.0.0.0/8", "fe80::/10"), "/who", "X-Forwarded-For: 2001:db8::1",
                "X-Forwarded-Proto: https");
        assertThat(untrusted.text()).startsWith("[0:0:0:0:0:0:0:1]:peer [0:0:0:0:0:0:0:1]:peer http false");
    }

    @Test
    void hstsGoesOnlyOnRequestsTheClientMadeOverHttps() throws IOException {
        var trusted = trusting("127.0.0.1/32");
        assertThat(get(trusted, "/who", "X-Forwarded-Proto: https").header("Strict-Transport-Security"))
                .isNotNull();
        assertThat(get(trusted, "/who", "X-Forwarded-Proto: http").header("Strict-Transport-Security")).isNull();
        assertThat(get(trusted, "/who").header("Strict-Transport-Security")).isNull();
        assertThat(get(b -> b, "/who", "X-Forwarded-Proto: https").header("Strict-Transport-Security")).isNull();
    }

    @Test
    void aRedirectBuiltBehindTheProxyPointsAtTheClientsUrl() throws IOException {
        var behind = get(trusting("127.0.0.1/32"), "/account", "X-Forwarded-Proto: https",
                "X-Forwarded-Host: app.example");
        assertThat(behind.status()).isEqualTo(302);
        assertThat(behind.header("Location")).isEqualTo("https://app.example/login");
        var forged = get(b -> b, "/account", "X-Forwarded-Proto: https", "X-Forwarded-Host: evil.example");
        assertThat(forged.header("Location")).matches("http://localhost:\\d+/login");
    }

    @Test
    void aBadTrustedProxyIsRefusedAtBuildNamingIt() {
        for (String bad : List.of("10.0.0.0/33", "::1/129", "10.0.0.0/-1", "example.com", "10.0.0.1/8", "10.0.0/8",
                "")) {
            assertThatThrownBy(() -> ServerConfig.builder().trustedProxies(List.of("127.0.0.1/32", bad)).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"" + bad + "\"");
        }
        assertThatThrownBy(() -> ServerConfig.builder().trustedProxies(List.of("10.0.0.1/8")).build())
                .hasMessageContaining("did you mean 10.0.0.0/8");
        assertThatThrownBy(() -> ServerConfig.builder().maxForwardedHops(0).build())
                .hasMessageContaining("maxForwardedHops <= 0: 0");
    }
}
