package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.websocket.WebSocketMessage;
import dev.weft.http.websocket.WebSocketOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The {@code Origin} check of WebSocket routes, against cross-site WebSocket hijacking: another site's
 * page is refused with 403 before any upgrade; the page's own origin, programs sending no Origin and
 * allow-listed origins are let in; behind a trusted proxy "own origin" is the one the browser used.
 */
class WebSocketOriginTest {
    private static WebApp app() {
        WebSocketRoute echo = (req, ws) -> {
            for (WebSocketMessage message : ws) {
                ws.send("Echo: " + message.text());
            }
        };
        return WebApp.create()
                .websocket("/ws", echo)
                .websocket("/partner", WebSocketOptions.builder()
                        .allowedOrigins(List.of("HTTPS://Partner.example:443", "http://localhost:5173")).build(), echo)
                .websocket("/public", WebSocketOptions.builder().allowAnyOrigin(true).build(), echo);
    }

    private static RawClient.Reply handshake(UnaryOperator<ServerConfig.Builder> config, String path,
                                             String... headers) throws IOException {
        HttpServer server = HttpServer.start(app(), config.apply(LocalServer.config()).build());
        try (var client = new RawClient(server.port())) {
            var request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
            for (String header : headers) {
                request.append(header.replace("PORT", String.valueOf(server.port()))).append("\r\n");
            }
            return client.send(request.append("\r\n").toString()).read();
        } finally {
            server.close();
        }
    }

    private static RawClient.Reply handshake(String path, String... headers) throws IOException {
        return handshake(b -> b, path, headers);
    }

    /** A 403 problem, no upgrade, its detail naming the origin (which starts with {@code origin}). */
    private static void assertRefused(RawClient.Reply reply, String origin) {
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.header("Upgrade")).isNull();
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.text()).containsPattern("\"detail\":\"origin \\Q" + origin + "\\E[0-9]* may not open this WebSocket\"");
    }

    @Test
    void aCrossSiteOriginIsRefusedBeforeTheUpgrade() throws IOException {
        assertRefused(handshake("/ws", "Origin: https://evil.example"), "https://evil.example");
        // Same host, other port or scheme: other origins.
        assertRefused(handshake("/ws", "Origin: http://127.0.0.1:1"), "http://127.0.0.1:1");
        assertRefused(handshake("/ws", "Origin: https://127.0.0.1:PORT"), "https://127.0.0.1:");
        // Sandboxed pages and file: URLs send "null"; a page cannot make that another site's origin either.
        assertRefused(handshake("/ws", "Origin: null"), "null");
        assertRefused(handshake("/partner", "Origin: https://partner.example.evil.example"),
                "https://partner.example.evil.example");
    }

    @Test
    void twoOriginHeadersAreRefused() throws IOException {
        var reply = handshake("/ws", "Origin: http://127.0.0.1:PORT", "Origin: https://evil.example");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.text()).contains("more than one Origin header");
    }

    @Test
    void thePagesOwnOriginAndOriginlessProgramsAreAccepted() throws IOException {
        assertThat(handshake("/ws", "Origin: http://127.0.0.1:PORT").status()).isEqualTo(101);
        assertThat(handshake("/ws", "Origin: HTTP://127.0.0.1:PORT").status()).isEqualTo(101);
        assertThat(handshake("/ws").status()).isEqualTo(101);
    }

    @Test
    void allowListedOriginsAndAnyOriginWhereChosenAreAccepted() throws IOException {
        assertThat(handshake("/partner", "Origin: https://partner.example").status()).isEqualTo(101);
        assertThat(handshake("/partner", "Origin: http://localhost:5173").status()).isEqualTo(101);
        assertRefused(handshake("/partner", "Origin: http://localhost:5174"), "http://localhost:5174");
        assertThat(handshake("/public", "Origin: https://anyone.example").status()).isEqualTo(101);
    }

    @Test
    void behindATrustedProxyTheOwnOriginIsTheForwardedOne() throws IOException {
        UnaryOperator<ServerConfig.Builder> trusted = b -> b.trustedProxies(List.of("127.0.0.1/32"));
        String[] forwarded = {"X-Forwarded-Proto: https", "X-Forwarded-Host: app.example"};
        assertThat(handshake(trusted, "/ws", with(forwarded, "Origin: https://app.example")).status()).isEqualTo(101);
        assertRefused(handshake(trusted, "/ws", with(forwarded, "Origin: http://127.0.0.1:PORT")), "http://127.0.0.1:");
    }

    private static String[] with(String[] headers, String more) {
        var all = new java.util.ArrayList<>(List.of(headers));
        all.add(more);
        return all.toArray(String[]::new);
    }

    @Test
    void forgedForwardedHeadersFromAnUntrustedPeerCannotWidenTheOwnOrigin() throws IOException {
        var reply = handshake("/ws", "X-Forwarded-Proto: https", "X-Forwarded-Host: evil.example",
                "Origin: https://evil.example");
        assertRefused(reply, "https://evil.example");
    }

    @Test
    void theJdkClientWithItsOwnOriginTalksOverTheSocket() throws Exception {
        try (var server = HttpServer.start(app(), LocalServer.config().build())) {
            var listener = new WebSocketRouteTest.Listener();
            var ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Origin", "http://127.0.0.1:" + server.port())
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), listener)
                    .get(10, TimeUnit.SECONDS);
            ws.sendText("hello", true).get(10, TimeUnit.SECONDS);
            assertThat(listener.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("Echo: hello");
            ws.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBadAllowedOriginIsRefusedAtBuildNamingIt() {
        for (String bad : List.of("app.example", "https://app.example/", "https://app.example/path", "ftp://x.example",
                "https://user@app.example", "null", "https://app.example:99999")) {
            assertThatThrownBy(() -> WebSocketOptions.builder().allowedOrigins(List.of(bad)).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"" + bad + "\"");
        }
    }
}
