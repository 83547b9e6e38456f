package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Response kinds end to end: files with validators and ranges, static dirs, SSE, cookies, compression. */
class ResponseTest {
    @TempDir
    static Path dir;
    static HttpServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final String CONTENT = "0123456789".repeat(100);

    @BeforeAll
    static void start() throws IOException {
        Path root = Files.createDirectories(dir.resolve("public"));
        Files.writeString(root.resolve("data.txt"), CONTENT);
        Files.writeString(root.resolve("page.html"), "<p>hi</p>");
        Files.writeString(root.resolve(".secret"), "SECRET-HIDDEN");
        Files.writeString(dir.resolve("outside.txt"), "SECRET-OUTSIDE");
        Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("outside.txt"));
        var app = WebApp.create()
                .get("/file", req -> Response.file(root.resolve("data.txt")))
                .get("/missing", req -> Response.file(root.resolve("nope.txt")))
                .staticFiles("/static", root)
                .get("/cookie", req -> Response.text("ok").cookie(Cookie.of("sid", "abc").withHttpOnly(true)
                        .withSecure(true).withSameSite(Cookie.SameSite.STRICT).withMaxAge(Duration.ofHours(1))
                        .withPath("/")))
                .get("/redirect", req -> Response.redirect(303, "/file"))
                .get("/big", req -> Response.text(CONTENT))
                .get("/small", req -> Response.text("tiny"))
                .get("/streamed", req -> Response.stream("text/plain", out -> {
                    for (int i = 0; i < 100; i++) {
                        out.write("0123456789".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }))
                .get("/events", req -> Response.events(Duration.ofMillis(50), sink -> {
                    String last = req.header("Last-Event-ID");
                    int from = last == null ? 1 : Integer.parseInt(last) + 1;
                    sink.send(ServerEvent.of("hello").withRetry(Duration.ofSeconds(3)));
                    for (int i = from; i < from + 2; i++) {
                        sink.send(ServerEvent.of("line a\nline b").withId(Integer.toString(i)).withEvent("tick"));
                    }
                    Thread.sleep(600);
                }))
                .use(Middlewares.compression(100));
        server = LocalServer.start(app);
    }

    @AfterAll
    static void stop() {
        LocalServer.stop(server);
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void servesFileWithValidatorsAndConditional304() throws Exception {
        var r = get("/file");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).isEqualTo(CONTENT);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(r.headers().firstValue("Accept-Ranges")).contains("bytes");
        String etag = r.headers().firstValue("ETag").orElseThrow();
        String modified = r.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(get("/file", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get("/file", "If-None-Match", "W/" + etag).statusCode()).isEqualTo(304);
        assertThat(get("/file", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get("/file", "If-Modified-Since", modified).statusCode()).isEqualTo(304);
        assertThat(get("/missing").statusCode()).isEqualTo(404);
    }

    @Test
    void answersRangesWith206And416() throws Exception {
        var r = get("/file", "Range", "bytes=10-19");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(text(r)).isEqualTo("0123456789");
        assertThat(r.headers().firstValue("Content-Range")).contains("bytes 10-19/1000");
        var suffix = get("/file", "Range", "bytes=-5");
        assertThat(text(suffix)).isEqualTo("56789");
        var open = get("/file", "Range", "bytes=995-");
        assertThat(text(open)).isEqualTo("56789");
        var unsatisfiable = get("/file", "Range", "bytes=5000-");
        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertThat(unsatisfiable.headers().firstValue("Content-Range")).contains("bytes */1000");
        assertThat(get("/file", "Range", "bytes=0-1,5-6").statusCode()).isEqualTo(200);
        assertThat(get("/file", "Range", "bytes=0-4", "If-Range", "\"stale\"").statusCode()).isEqualTo(200);
    }

    @Test
    void staticFilesRefuseTraversalHiddenAndSymlinksOut() throws Exception {
        assertThat(text(get("/static/page.html"))).isEqualTo("<p>hi</p>");
        assertThat(get("/static/page.html").headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        try (var c = new RawClient(server.port())) {
            for (String path : new String[]{"/static/../outside.txt", "/static/%2e%2e/outside.txt",
                    "/static/.secret", "/static/escape.txt", "/static/..%2Foutside.txt", "/static/a%5C..%5Cx",
                    "/static/", "/static//etc/passwd"}) {
                var r = c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertThat(r.status()).as(path).isEqualTo(404);
                assertThat(r.text()).as(path).doesNotContain("SECRET");
            }
        }
    }

    @Test
    void setsCookieAttributesAndRedirects() throws Exception {
        var r = get("/cookie");
        assertThat(r.headers().firstValue("Set-Cookie"))
                .contains("sid=abc; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Strict");
        var redirect = get("/redirect");
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location")).contains("/file");
    }

    @Test
    void compressesByAcceptEncoding() throws Exception {
        var gzip = get("/big", "Accept-Encoding", "deflate;q=0.5, gzip");
        assertThat(gzip.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gzip.headers().firstValue("Vary")).contains("Accept-Encoding");
        assertThat(gzip.body().length).isLessThan(CONTENT.length());
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes())).isEqualTo(CONTENT);
        var deflate = get("/big", "Accept-Encoding", "deflate, gzip;q=0");
        assertThat(deflate.headers().firstValue("Content-Encoding")).contains("deflate");
        assertThat(new String(new InflaterInputStream(new ByteArrayInputStream(deflate.body())).readAllBytes()))
                .isEqualTo(CONTENT);
        assertThat(get("/big").headers().firstValue("Content-Encoding")).isEmpty();
        var streamed = get("/streamed", "Accept-Encoding", "gzip");
        assertThat(streamed.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(streamed.body())).readAllBytes()))
                .isEqualTo(CONTENT);
        assertThat(get("/small", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(get("/file", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void streamsServerSentEventsWithResumeAndHeartbeat() throws Exception {
        var r = get("/events", "Last-Event-ID", "41");
        assertThat(r.headers().firstValue("Content-Type")).contains("text/event-stream");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
        String body = text(r);
        assertThat(body).startsWith("retry: 3000\ndata: hello\n\n");
        assertThat(body).contains("id: 42\nevent: tick\ndata: line a\ndata: line b\n\n")
                .contains("id: 43\nevent: tick\n");
        assertThat(body).as("heartbeat comments while the source sleeps").contains(": \n\n");
    }
}
