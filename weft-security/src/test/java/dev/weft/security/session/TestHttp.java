package dev.weft.security.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The tests' browser stand-in: the JDK's HTTP client (a peer independent of Weft), with no cookie jar so
 * that each test says which cookies it sends, and TLS contexts from a certificate keytool makes.
 */
public final class TestHttp {
    private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private TestHttp() {
    }

    /** Sends {@code method} with {@code body} (null: none) and header name/value pairs, over {@link #PLAIN}. */
    public static HttpResponse<String> send(String method, String url, String body, String... headers) {
        return sendWith(PLAIN, method, url, body, headers);
    }

    /** Sends through {@code client}. */
    public static HttpResponse<String> sendWith(HttpClient client, String method, String url, String body, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        try {
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(method + " " + url + " failed", e);
        }
    }

    /** The {@code Set-Cookie} line for {@code name} in {@code response}, or null. */
    public static String setCookieLine(HttpResponse<?> response, String name) {
        List<String> lines = response.headers().allValues("Set-Cookie").stream().filter(l -> l.startsWith(name + "=")).toList();
        assertThat(lines.size()).as("Set-Cookie lines for " + name).isLessThanOrEqualTo(1);
        return lines.isEmpty() ? null : lines.getFirst();
    }

    /** The value {@code response} sets for cookie {@code name}; fails when it sets none. */
    public static String cookieValue(HttpResponse<?> response, String name) {
        String line = setCookieLine(response, name);
        assertThat(line).as("Set-Cookie for " + name + " in " + response.headers().map()).isNotNull();
        int end = line.indexOf(';');
        return line.substring(name.length() + 1, end < 0 ? line.length() : end);
    }

    /** A self-signed certificate for 127.0.0.1 and localhost in a PKCS12 store under {@code dir}. */
    public static KeyStore selfSigned(Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "secret", "-keypass", "secret")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "secret".toCharArray());
        }
        return ks;
    }

    /** The server's TLS context for {@code ks}. */
    public static SSLContext serverContext(KeyStore ks) throws Exception {
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "secret".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** A client that trusts the certificate in {@code ks}. */
    public static HttpClient trusting(KeyStore ks) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", ks.getCertificate("server"));
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(30)).build();
    }
}
