package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers nobody here wrote: curl (plain, TLS, HTTP/1.0, chunked upload, pipelined keep-alive, gzip) and
 * the JDK's HttpClient over TLS. The certificate comes from the JDK's keytool, made at test time.
 */
class InteropTest {
    @TempDir
    static Path dir;
    static HttpServer plain;
    static HttpServer tls;
    static SSLContext context;
    static Path caPem;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "secret", "-keypass", "secret");
        caPem = dir.resolve("server.pem");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass", "secret",
                "-file", caPem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "secret".toCharArray());
        }
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "secret".toCharArray());
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        var app = WebApp.create()
                .use(Middlewares.securityHeaders(SecurityHeaders.defaults().withHsts(Duration.ofDays(1))))
                .use(Middlewares.compression(10))
                .get("/", req -> Response.text("hello " + req.scheme()))
                .post("/upload", req -> Response.text("got " + req.bytes().length + " " + req.header("Transfer-Encoding")))
                .get("/json", req -> Response.json(java.util.Map.of("message", "Hello, World!")));
        plain = LocalServer.start(app);
        tls = HttpServer.start(WebApp.create()
                        .use(Middlewares.securityHeaders(SecurityHeaders.defaults().withHsts(Duration.ofDays(1))))
                        .get("/", req -> Response.text("hello " + req.scheme()))
                        .post("/echo", req -> Response.bytes(req.bytes(), "application/octet-stream")),
                LocalServer.config().sslContext(context).build());
    }

    @AfterAll
    static void stop() {
        LocalServer.stop(plain);
        LocalServer.stop(tls);
    }

    private static void keytool(String... args) throws Exception {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }

    /** Runs curl and returns its stdout (with {@code -i} the head too); fails on a curl error. */
    private static String curl(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>(List.of("curl", "-sS", "--max-time", "10"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("curl %s: %s", String.join(" ", args), err).isZero();
        return out;
    }

    @Test
    void curlGetsPlainAndJson() throws Exception {
        String url = "http://127.0.0.1:" + plain.port();
        assertThat(curl(url + "/")).isEqualTo("hello http");
        assertThat(curl(url + "/json")).isEqualTo("{\"message\":\"Hello, World!\"}");
        assertThat(curl("--http1.0", "-i", url + "/")).startsWith("HTTP/1.1 200 OK").contains("Connection: close");
    }

    @Test
    void curlReusesOneConnectionForSeveralUrls() throws Exception {
        String url = "http://127.0.0.1:" + plain.port() + "/";
        String out = curl("-v", "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null", url, url, url,
                "-w", "%{num_connects}\n");
        assertThat(out.strip().split("\n")).containsExactly("1", "0", "0");
    }

    @Test
    void curlUploadsChunkedWithExpectContinue() throws Exception {
        Path file = dir.resolve("upload.bin");
        Files.write(file, new byte[100_000]);
        String url = "http://127.0.0.1:" + plain.port() + "/upload";
        assertThat(curl("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file, url)).isEqualTo("got 100000 chunked");
        assertThat(curl("-H", "Expect: 100-continue", "--data-binary", "@" + file, url)).isEqualTo("got 100000 null");
    }

    @Test
    void curlDecompressesGzip() throws Exception {
        assertThat(curl("--compressed", "-i", "http://127.0.0.1:" + plain.port() + "/json"))
                .contains("Content-Encoding: gzip").endsWith("{\"message\":\"Hello, World!\"}");
    }

    @Test
    void curlSpeaksTlsWithHsts() throws Exception {
        String out = curl("-i", "--cacert", caPem.toString(), "https://localhost:" + tls.port() + "/");
        assertThat(out).startsWith("HTTP/1.1 200 OK").contains("Strict-Transport-Security: max-age=86400; includeSubDomains")
                .endsWith("hello https");
    }

    @Test
    void jdkClientSpeaksTlsWithKeepAlive() throws Exception {
        var client = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 3; i++) {
            var r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + tls.port() + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(70_000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).hasSize(70_000);
        }
        assertThat(tls.openConnections()).isEqualTo(1);
    }
}
