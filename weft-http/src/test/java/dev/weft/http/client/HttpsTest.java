package dev.weft.http.client;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import dev.weft.http.websocket.WebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS and WSS with a JDK {@link SSLContext}, against Weft's TLS server with self-signed certificates
 * made by the JDK's keytool at test time; hostname verification stays on.
 */
class HttpsTest {
    @TempDir
    static Path dir;
    private static HttpServer good;
    private static HttpServer wrongName;
    private static SSLContext trustsBoth;
    private static String goodPin;

    @BeforeAll
    static void start() throws Exception {
        KeyStore goodStore = selfSigned("good", "san=dns:localhost,ip:127.0.0.1");
        KeyStore wrongStore = selfSigned("wrong", "san=dns:other.example");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("good", goodStore.getCertificate("server"));
        trust.setCertificateEntry("wrong", wrongStore.getCertificate("server"));
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        goodPin = "sha256/" + java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest
                .getInstance("SHA-256").digest(goodStore.getCertificate("server").getPublicKey().getEncoded()));
        trustsBoth = SSLContext.getInstance("TLS");
        trustsBoth.init(null, tmf.getTrustManagers(), null);
        var app = WebApp.create()
                .get("/", req -> Response.text("hello " + req.scheme()))
                .websocket("/ws", (req, ws) -> {
                    for (var message : ws) {
                        ws.send("secure " + message.text());
                    }
                });
        good = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).sslContext(serverContext(goodStore)).build());
        wrongName = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).sslContext(serverContext(wrongStore)).build());
    }

    @AfterAll
    static void stop() {
        good.close();
        wrongName.close();
    }

    private static KeyStore selfSigned(String name, String san) throws Exception {
        Path keystore = dir.resolve(name + ".p12");
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name, "-ext", san, "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "secret", "-keypass", "secret"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "secret".toCharArray());
        }
        return ks;
    }

    private static SSLContext serverContext(KeyStore ks) throws Exception {
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "secret".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    @Test
    void getsOverHttpsAndReusesTheTlsConnection() {
        try (var client = HttpClient.builder().sslContext(trustsBoth).build()) {
            for (String host : List.of("localhost", "127.0.0.1", "localhost")) {
                assertThat(client.get("https://" + host + ":" + good.port() + "/").text()).isEqualTo("hello https");
            }
            assertThat(client.poolStatistics().open()).as("one connection per host name").isEqualTo(2);
        }
    }

    @Test
    void hostnameVerificationRefusesACertificateForAnotherName() {
        try (var client = HttpClient.builder().sslContext(trustsBoth).build()) {
            assertThatThrownBy(() -> client.get("https://localhost:" + wrongName.port() + "/"))
                    .isInstanceOf(HttpClientException.class)
                    .hasCauseInstanceOf(SSLHandshakeException.class);
            assertThat(client.poolStatistics().open()).isZero();
        }
    }

    @Test
    void untrustedCertificateIsRefusedByTheDefaultContext() {
        try (var client = HttpClient.create()) {
            assertThatThrownBy(() -> client.get("https://localhost:" + good.port() + "/"))
                    .isInstanceOf(HttpClientException.class)
                    .hasCauseInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void tunnelsThroughAnHttpProxyWithConnect() throws Exception {
        var seen = new java.util.concurrent.CopyOnWriteArrayList<String>();
        try (var proxy = FakeServer.connectProxy(good.port(), 200, seen);
             var client = HttpClient.builder().sslContext(trustsBoth)
                     .proxy("http://u:p@127.0.0.1:" + proxy.port(), List.of()).build()) {
            assertThat(client.get("https://localhost:" + good.port() + "/").text()).isEqualTo("hello https");
            assertThat(client.get("https://localhost:" + good.port() + "/").text()).isEqualTo("hello https");
            assertThat(seen).containsExactly("CONNECT localhost:" + good.port() + " HTTP/1.1 auth=Basic dTpw");
        }
    }

    @Test
    void aProxyRefusingTheTunnelIsAClearError() throws Exception {
        var seen = new java.util.concurrent.CopyOnWriteArrayList<String>();
        try (var proxy = FakeServer.connectProxy(good.port(), 407, seen);
             var client = HttpClient.builder().sslContext(trustsBoth)
                     .proxy("http://127.0.0.1:" + proxy.port(), List.of()).build()) {
            assertThatThrownBy(() -> client.get("https://localhost:" + good.port() + "/"))
                    .isInstanceOf(HttpClientException.class)
                    .hasMessageContaining("refused CONNECT to localhost:" + good.port() + ": 407");
            assertThat(client.poolStatistics().open()).isZero();
        }
    }

    @Test
    void certificatePinsAreCheckedOnTopOfVerification() {
        String wrongPin = "sha256/" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        try (var pinned = HttpClient.builder().sslContext(trustsBoth).certificatePin("localhost", wrongPin, goodPin).build();
             var mispinned = HttpClient.builder().sslContext(trustsBoth).certificatePin("LOCALHOST", wrongPin).build()) {
            assertThat(pinned.get("https://localhost:" + good.port() + "/").text()).isEqualTo("hello https");
            assertThatThrownBy(() -> mispinned.get("https://localhost:" + good.port() + "/"))
                    .isInstanceOf(HttpClientException.class)
                    .hasMessageContaining("certificate pinning failure for localhost")
                    .hasMessageContaining(goodPin);
            assertThat(mispinned.get("https://127.0.0.1:" + good.port() + "/").text()).as("other hosts unpinned")
                    .isEqualTo("hello https");
        }
        assertThatThrownBy(() -> HttpClient.builder().certificatePin("a", "md5/xyz"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("md5/xyz");
    }

    @Test
    void opensAWebSocketOverTls() {
        try (var client = HttpClient.builder().sslContext(trustsBoth).build();
             WebSocket ws = client.websocket("wss://localhost:" + good.port() + "/ws")) {
            ws.send("hi");
            assertThat(ws.receive().text()).isEqualTo("secure hi");
        }
    }
}
