package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real nginx terminating TLS in front of Weft, which trusts nginx's address only: through nginx a
 * handler sees curl's address, https and the host curl asked for, whatever curl forged; straight to
 * Weft, the same forged headers change nothing.
 */
class BehindNginxTest {
    static HttpServer server;
    static NginxProxy nginx;

    @BeforeAll
    static void start() throws Exception {
        var app = WebApp.create()
                .use(Middlewares.securityHeaders(SecurityHeaders.defaults().withHsts(Duration.ofDays(1))))
                .get("/who", req -> Response.text(((InetSocketAddress) req.remoteAddress()).getAddress().getHostAddress()
                        + " " + ((InetSocketAddress) req.peerAddress()).getAddress().getHostAddress()
                        + " " + req.scheme() + " " + req.host()))
                .websocket("/ws", (req, ws) -> ws.send("hello " + req.remoteAddress()));
        server = HttpServer.start(app, LocalServer.config()
                .trustedProxies(List.of(NginxProxy.UPSTREAM_SOURCE + "/32")).build());
        nginx = NginxProxy.start(server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (nginx != null) {
                nginx.close();
            }
        } finally {
            LocalServer.stop(server);
        }
    }

    /** curl from {@code source} to {@code url} with {@code headers}: the response head and body. */
    private static String curl(String source, String url, String... headers) throws Exception {
        var command = new java.util.ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "30",
                "--interface", source, "--cacert", "cert.pem", url));
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        return NginxProxy.run(nginx.directory(), command.toArray(String[]::new)).replace("\r\n", "\n");
    }

    @Test
    void throughNginxTheHandlerSeesTheClientsAddressSchemeAndHost() throws Exception {
        String reply = curl("127.0.0.2", "https://localhost:" + nginx.port() + "/who",
                "X-Forwarded-For: 6.6.6.6", "X-Forwarded-Proto: http");
        assertThat(reply).startsWith("HTTP/1.1 200");
        assertThat(reply).endsWith("\n\n127.0.0.2 " + NginxProxy.UPSTREAM_SOURCE + " https localhost:" + nginx.port());
        assertThat(reply.toLowerCase()).contains("\nstrict-transport-security: max-age=86400; includesubdomains\n");
    }

    /** The status line nginx answers to a WebSocket handshake sent with {@code origin}. */
    private static String handshakeThroughNginx(String origin) throws Exception {
        try (var socket = nginx.connect()) {
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: localhost:" + nginx.port() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " + origin + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var head = new StringBuilder();
            int c;
            while ((c = socket.getInputStream().read()) >= 0 && c != '\n') {
                head.append((char) c);
            }
            return head.toString().strip();
        }
    }

    @Test
    void throughNginxTheWebSocketOriginCheckSeesTheBrowsersOrigin() throws Exception {
        assertThat(handshakeThroughNginx("https://localhost:" + nginx.port())).startsWith("HTTP/1.1 101");
        // What Weft itself sees (http, 127.0.0.1 and its own port) is not the page's origin.
        assertThat(handshakeThroughNginx("http://127.0.0.1:" + server.port())).startsWith("HTTP/1.1 403");
        assertThat(handshakeThroughNginx("https://evil.example")).startsWith("HTTP/1.1 403");
    }

    @Test
    void straightToWeftForgedHeadersChangeNothing() throws Exception {
        String reply = curl("127.0.0.2", "http://127.0.0.1:" + server.port() + "/who",
                "X-Forwarded-For: 6.6.6.6", "X-Forwarded-Proto: https", "Host: app.example");
        assertThat(reply).startsWith("HTTP/1.1 200");
        assertThat(reply).endsWith("\n\n127.0.0.2 127.0.0.2 http app.example");
        assertThat(reply.toLowerCase()).doesNotContain("strict-transport-security");
    }
}
