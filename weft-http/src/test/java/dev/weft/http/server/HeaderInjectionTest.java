package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CR and LF in header values a handler sets, by every way a handler can set one: the handler fails,
 * the client gets a 500, and the head is never split (no injected field, the connection's next
 * response parses cleanly).
 */
class HeaderInjectionTest {
    private static final String EVIL = "x\r\nX-Injected: yes\r\n\r\nHTTP/1.1 200 OK";
    private static final Map<String, Handler> HANDLERS = Map.of(
            "/header", req -> Response.text("ok").header("X-Value", EVIL),
            "/set-header", req -> Response.text("ok").setHeader("X-Value", EVIL),
            "/lf-only", req -> Response.text("ok").header("X-Value", "a\nX-Injected: yes"),
            "/name", req -> Response.text("ok").header("X-Injected: yes\r\nX-Value", "v"),
            "/bytes", req -> Response.bytes(new byte[1], "text/plain" + EVIL),
            "/stream", req -> Response.stream("text/plain" + EVIL, out -> out.write(1)),
            "/content-type", req -> Response.text("ok").contentType("text/plain" + EVIL),
            "/redirect", req -> Response.redirect("/next" + EVIL),
            "/cookie", req -> Response.text("ok").cookie(Cookie.of("sid", EVIL)),
            "/cookie-path", req -> Response.text("ok").cookie(Cookie.of("sid", "1").withPath("/" + EVIL)));
    static HttpServer server;

    @BeforeAll
    static void start() {
        var app = WebApp.create().get("/", req -> Response.text("clean"));
        HANDLERS.forEach(app::get);
        server = LocalServer.start(app);
    }

    @AfterAll
    static void stop() {
        LocalServer.stop(server);
    }

    @Test
    void aValueWithCrOrLfFailsTheHandlerWith500AndNeverSplitsTheHead() throws IOException {
        for (String path : HANDLERS.keySet()) {
            try (var c = new RawClient(server.port())) {
                var reply = c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertThat(reply.status()).as(path).isEqualTo(500);
                assertThat(reply.headers()).as(path).doesNotContainKey("x-injected");
                var next = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertThat(next.text()).as(path + ", then the next response").isEqualTo("clean");
            }
        }
    }
}
