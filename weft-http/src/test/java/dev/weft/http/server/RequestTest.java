package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request API end to end: query, headers, cookies, bodies as text/JSON/form/multipart/stream. */
class RequestTest {
    record Point(int x, int y) {
    }

    static HttpServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        var app = WebApp.create()
                .use(Middlewares.errors())
                .get("/query", req -> Response.json(Map.of("a", req.queryParams("a"), "b", req.queryParam("b"),
                        "all", req.queryParams().keySet())))
                .get("/headers", req -> Response.json(Map.of("x", req.headers("x-multi"), "host", req.host(),
                        "remote", ((InetSocketAddress) req.remoteAddress()).getAddress().getHostAddress(),
                        "scheme", req.scheme(), "version", req.version())))
                .get("/cookies", req -> Response.json(req.cookies()))
                .post("/text", req -> Response.text(req.text() + "|" + req.charset().name()))
                .post("/json", req -> {
                    Point p = req.json(Point.class);
                    return Response.json(new Point(p.x() + 1, p.y() + 1));
                })
                .post("/tree", req -> Response.text(req.json().get("name").asText()))
                .post("/form", req -> Response.json(req.form()))
                .post("/stream", req -> {
                    try (InputStream in = req.body()) {
                        long total = 0;
                        byte[] b = new byte[1000];
                        for (int n; (n = in.read(b)) > 0; ) {
                            total += n;
                        }
                        return Response.text("read " + total);
                    }
                })
                .post("/upload", req -> {
                    var lines = new ArrayList<String>();
                    for (Part part : req.multipart()) {
                        lines.add(part.name() + "=" + (part.isFile()
                                ? part.filename() + ":" + part.contentType() + ":" + part.size() : part.text()));
                    }
                    lines.add("form=" + req.form());
                    return Response.text(String.join("\n", lines));
                })
                .post("/upload-check", req -> {
                    Part big = req.multipart().getFirst();
                    Path copy = Files.createTempFile("copy", ".bin");
                    big.saveTo(copy);
                    long size = Files.size(copy);
                    Files.delete(copy);
                    return Response.text(size + " " + big.size() + " " + (big.bytes()[0] == 'z'));
                });
        server = HttpServer.start(app, LocalServer.config().clientMaxSize(4096)
                .multipartSpoolSize(1024).maxMultipartSize(1 << 20).maxMultipartParts(5).build());
    }

    @AfterAll
    static void stop() {
        LocalServer.stop(server);
    }

    private static HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    @Test
    void decodesMultiValuedQuery() throws Exception {
        var r = send(at("/query?a=1&a=two+words&b=%C3%A9&c"));
        assertThat(r.body()).contains("\"a\":[\"1\",\"two words\"]");
        assertThat(r.body()).contains("\"b\":\"é\"").contains("\"all\":[\"a\",\"b\",\"c\"]");
    }

    @Test
    void malformedPercentEncodingIs400() throws Exception {
        try (var c = new RawClient(server.port())) {
            assertThat(c.send("GET /query?a=%zz HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(400);
            assertThat(c.send("GET /query?a=%C3 HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(400);
        }
    }

    @Test
    void headersAreCaseInsensitiveAndMultiValued() throws Exception {
        try (var c = new RawClient(server.port())) {
            var r = c.send("GET /headers HTTP/1.1\r\nHost: example.test\r\nX-Multi: 1\r\nx-multi: 2\r\n\r\n").read();
            assertThat(r.text()).contains("\"x\":[\"1\",\"2\"]").contains("\"host\":\"example.test\"")
                    .contains("\"remote\":\"127.0.0.1\"").contains("\"scheme\":\"http\"")
                    .contains("\"version\":\"HTTP/1.1\"");
        }
    }

    @Test
    void parsesCookies() throws Exception {
        var r = send(at("/cookies").header("Cookie", "a=1; b=\"two\"; a=3"));
        assertThat(r.body()).isEqualTo("{\"a\":\"1\",\"b\":\"two\"}");
    }

    @Test
    void decodesTextWithDeclaredCharset() throws Exception {
        var r = send(at("/text").header("Content-Type", "text/plain; charset=ISO-8859-1")
                .POST(HttpRequest.BodyPublishers.ofByteArray("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1))));
        assertThat(r.body()).isEqualTo("café|ISO-8859-1");
        var utf8 = send(at("/text").POST(HttpRequest.BodyPublishers.ofString("naïve")));
        assertThat(utf8.body()).isEqualTo("naïve|UTF-8");
    }

    @Test
    void bindsJsonAndRejectsMalformedJson() throws Exception {
        var ok = send(at("/json").POST(HttpRequest.BodyPublishers.ofString("{\"x\":1,\"y\":2}")));
        assertThat(ok.body()).isEqualTo("{\"x\":2,\"y\":3}");
        assertThat(send(at("/tree").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ada\"}"))).body())
                .isEqualTo("ada");
        var bad = send(at("/json").POST(HttpRequest.BodyPublishers.ofString("{\"x\":")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("malformed JSON");
    }

    @Test
    void parsesUrlencodedForm() throws Exception {
        var r = send(at("/form").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=Ada+L&tag=a&tag=b%26c")));
        assertThat(r.body()).isEqualTo("{\"name\":[\"Ada L\"],\"tag\":[\"a\",\"b&c\"]}");
        var wrongType = send(at("/form").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(wrongType.statusCode()).isEqualTo(415);
    }

    @Test
    void bufferedBodyOverClientMaxSizeIs413ButStreamIsNot() throws Exception {
        String big = "x".repeat(10_000);
        assertThat(send(at("/text").POST(HttpRequest.BodyPublishers.ofString(big))).statusCode()).isEqualTo(413);
        assertThat(send(at("/stream").POST(HttpRequest.BodyPublishers.ofString(big))).body()).isEqualTo("read 10000");
    }

    @Test
    void streamsChunkedRequestBody() throws Exception {
        try (var c = new RawClient(server.port())) {
            var r = c.send("POST /stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: 1\r\n\r\n").read();
            assertThat(r.text()).isEqualTo("read 11");
        }
    }

    private static byte[] multipart(String boundary, String... parts) {
        var out = new ByteArrayOutputStream();
        for (String part : parts) {
            out.writeBytes(("--" + boundary + "\r\n" + part + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void parsesMultipartFieldsAndFiles() throws Exception {
        byte[] body = multipart("XyZ",
                "Content-Disposition: form-data; name=\"title\"\r\n\r\nHello; world",
                "Content-Disposition: form-data; name=\"doc\"; filename=\"a;b.txt\"\r\nContent-Type: text/plain\r\n\r\n"
                        + "line1\r\n--Xy\r\n-",
                "Content-Disposition: form-data; name=\"big\"; filename=\"big.bin\"\r\n\r\n" + "z".repeat(5000));
        var r = send(at("/upload").header("Content-Type", "multipart/form-data; boundary=XyZ")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().split("\n")).containsExactly(
                "title=Hello; world",
                "doc=a;b.txt:text/plain:" + "line1\r\n--Xy\r\n-".length(),
                "big=big.bin:text/plain:5000",
                "form={title=[Hello; world]}");
    }

    @Test
    void spoolsLargeFilePartsToDisk() throws Exception {
        byte[] body = multipart("b0undary",
                "Content-Disposition: form-data; name=\"f\"; filename=\"f.bin\"\r\n\r\n" + "z".repeat(50_000));
        var r = send(at("/upload-check").header("Content-Type", "multipart/form-data; boundary=b0undary")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(r.body()).isEqualTo("50000 50000 true");
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("weft-upload-")).toList())
                    .as("spool files are deleted after the request").isEmpty();
        }
    }

    @Test
    void tooManyPartsOrTooLargeFieldIs413() throws Exception {
        String[] fields = new String[6];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = "Content-Disposition: form-data; name=\"f" + i + "\"\r\n\r\nv";
        }
        var many = send(at("/upload").header("Content-Type", "multipart/form-data; boundary=B")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("B", fields))));
        assertThat(many.statusCode()).isEqualTo(413);
        byte[] bigField = multipart("B", "Content-Disposition: form-data; name=\"f\"\r\n\r\n" + "v".repeat(5000));
        var big = send(at("/upload").header("Content-Type", "multipart/form-data; boundary=B")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bigField)));
        assertThat(big.statusCode()).isEqualTo(413);
    }

    @Test
    void truncatedMultipartIs400() throws Exception {
        byte[] body = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end".getBytes(StandardCharsets.UTF_8);
        var r = send(at("/upload").header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(r.statusCode()).isEqualTo(400);
    }
}
