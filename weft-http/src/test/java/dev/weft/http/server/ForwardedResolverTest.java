package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parsing corners of forwarded headers and CIDR blocks, without sockets. */
class ForwardedResolverTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("10.0.0.1", 40000);

    private static ClientView resolve(ForwardedHeaders kind, List<String> trusted, Map<String, List<String>> headers) {
        return new ForwardedResolver(TrustedProxies.parse(trusted), kind, 20)
                .resolve(PEER, false, "direct.example", name -> headers.getOrDefault(name, List.of()));
    }

    @Test
    void aCommaInsideAQuotedForwardedValueDoesNotSplitTheElement() {
        var view = resolve(ForwardedHeaders.FORWARDED, List.of("10.0.0.0/8"),
                Map.of("Forwarded", List.of("for=198.51.100.9;host=\"a.example,b\";proto=https")));
        assertThat(view.address()).isEqualTo(new InetSocketAddress("198.51.100.9", 0));
        assertThat(view.scheme()).isEqualTo("https");
        assertThat(view.host()).isEqualTo("direct.example"); // "a.example,b" is not a host
    }

    @Test
    void aParameterTwiceInOneElementMakesTheHeaderMalformed() {
        var view = resolve(ForwardedHeaders.FORWARDED, List.of("10.0.0.0/8"),
                Map.of("Forwarded", List.of("for=198.51.100.9;for=203.0.113.1;proto=https")));
        assertThat(view).isEqualTo(new ClientView(PEER, "http", "direct.example"));
    }

    @Test
    void unknownAndObfuscatedNodesStopTheWalkAtTheLastTrustedHop() {
        var view = resolve(ForwardedHeaders.FORWARDED, List.of("10.0.0.0/8"),
                Map.of("Forwarded", List.of("for=unknown;proto=https, for=10.9.9.9;proto=http", "for=_hidden")));
        assertThat(view.address()).isEqualTo(PEER);
    }

    @Test
    void ipv6BlocksMatchOnPartialBytesAndIpv4MappedPeersAreIpv4() {
        var proxies = TrustedProxies.parse(List.of("2001:db8:ab00::/40", "::ffff:192.168.1.0/120"));
        assertThat(proxies.trusts(new InetSocketAddress("2001:db8:abff::1", 1))).isTrue();
        assertThat(proxies.trusts(new InetSocketAddress("2001:db8:ac00::1", 1))).isFalse();
        // Java hands IPv4 peers of a dual-stack socket over as IPv4 addresses: the mapped block matches them.
        assertThat(proxies.trusts(new InetSocketAddress("192.168.1.77", 1))).isTrue();
        assertThat(proxies.trusts(new InetSocketAddress("192.168.2.1", 1))).isFalse();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> TrustedProxies.parse(List.of("::ffff:1.2.3.0/64"))))
                .hasMessageContaining("bad prefix length (96 to 128)");
    }

    @Test
    void bracketedAndPortedXForwardedForEntriesAreRead() {
        var view = resolve(ForwardedHeaders.X_FORWARDED, List.of("10.0.0.0/8"),
                Map.of("X-Forwarded-For", List.of("[2001:db8::5]:8443"), "X-Forwarded-Host", List.of("[2001:db8::5]:8443")));
        assertThat(view.address()).isEqualTo(new InetSocketAddress("2001:db8::5", 8443));
        assertThat(view.host()).isEqualTo("[2001:db8::5]:8443");
    }
}
