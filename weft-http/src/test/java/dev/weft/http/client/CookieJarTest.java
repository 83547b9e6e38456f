package dev.weft.http.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6265 storage and retrieval, then the jar at work in the client across requests and redirects. */
class CookieJarTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final RealCookieJar jar = new RealCookieJar(clock);

    private List<String> namesFor(String url) {
        return jar.cookiesFor(URI.create(url)).stream().map(ClientCookie::name).toList();
    }

    @Test
    void hostOnlyAndDomainCookies() {
        jar.store(URI.create("http://www.example.com/"), List.of("host=1", "wide=2; Domain=.Example.com"));
        assertThat(namesFor("http://www.example.com/")).containsExactly("host", "wide");
        assertThat(namesFor("http://api.example.com/")).containsExactly("wide");
        assertThat(namesFor("http://example.com/")).containsExactly("wide");
        assertThat(namesFor("http://notexample.com/")).isEmpty();
    }

    @Test
    void refusesCookiesForOtherSitesAndTopLevelDomains() {
        jar.store(URI.create("http://www.example.com/"), List.of("a=1; Domain=other.com", "b=2; Domain=com", "=3", "novalue"));
        assertThat(jar.cookies()).isEmpty();
    }

    @Test
    void pathsMatchOnSegmentsAndLongerPathsComeFirst() {
        jar.store(URI.create("http://h.test/docs/page"), List.of("short=1; Path=/", "long=2; Path=/docs", "dflt=3"));
        assertThat(jar.cookies()).extracting(ClientCookie::path).containsExactly("/", "/docs", "/docs");
        assertThat(namesFor("http://h.test/docs/x")).containsExactly("long", "dflt", "short");
        assertThat(namesFor("http://h.test/docsother")).containsExactly("short");
        assertThat(namesFor("http://h.test/")).containsExactly("short");
    }

    @Test
    void secureCookiesGoOverTlsOnly() {
        jar.store(URI.create("https://h.test/"), List.of("s=1; Secure; HttpOnly"));
        assertThat(namesFor("http://h.test/")).isEmpty();
        assertThat(namesFor("https://h.test/")).containsExactly("s");
        assertThat(jar.cookies().getFirst().httpOnly()).isTrue();
    }

    @Test
    void expiryMaxAgeWinsAndReplacementByNameDomainPath() {
        jar.store(URI.create("http://h.test/"), List.of(
                "old=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
                "future=2; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Max-Age=60",
                "gone=3; Max-Age=0",
                "session=4"));
        assertThat(jar.cookies()).extracting(ClientCookie::name).containsExactly("future", "session");
        assertThat(jar.cookies().getFirst().expires()).isEqualTo(clock.instant().plusSeconds(60));
        jar.store(URI.create("http://h.test/"), List.of("session=5", "future=x; Max-Age=-1"));
        assertThat(jar.cookies()).extracting(ClientCookie::value).containsExactly("5");
    }

    @Test
    void theClientSendsStoredCookiesAcrossRequestsAndRedirects() throws Exception {
        try (var server = FakeServer.start(FakeServer.serving((peer, request, n) -> {
            String path = request.requestLine().split(" ")[1];
            switch (path) {
                case "/login" -> peer.write("HTTP/1.1 302 Found\r\nSet-Cookie: session=abc; Path=/; HttpOnly\r\n"
                        + "Location: /home\r\nContent-Length: 0\r\n\r\n");
                default -> peer.ok("cookie=" + request.header("cookie"));
            }
        }));
             var client = HttpClient.create()) {
            assertThat(client.post(server.url("/login"), RequestBody.form(java.util.Map.of("u", "ada"))).text())
                    .isEqualTo("cookie=session=abc");
            assertThat(client.get(server.url("/other")).text()).isEqualTo("cookie=session=abc");
            var own = ClientRequest.builder("GET", server.url("/mine")).header("Cookie", "x=1").build();
            assertThat(client.request(own).text()).isEqualTo("cookie=x=1");
        }
        try (var server = FakeServer.start(FakeServer.serving((peer, request, n) ->
                peer.write("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nContent-Length: 2\r\n\r\nok")));
             var client = HttpClient.builder().cookieJar(CookieJar.none()).build()) {
            client.get(server.url("/")).text();
            client.get(server.url("/")).text();
            assertThat(server.requests.get(1).header("cookie")).isNull();
        }
    }
}
