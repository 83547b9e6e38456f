package dev.weft.http.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * nginx (from /usr/sbin or PATH) terminating TLS on 127.0.0.1 in front of one Weft server, with a
 * throwaway self-signed certificate made by openssl, the proxy headers docs/security.md shows
 * ({@code X-Forwarded-Host $http_host} keeps the port that {@code Host $host} drops) and WebSockets passed on.
 * It connects to Weft from {@link #UPSTREAM_SOURCE}, so a test can trust nginx and not itself.
 * Everything it writes stays in its own temporary directory, deleted on {@link #close()}.
 */
final class NginxProxy implements AutoCloseable {
    /** The address nginx connects to Weft from ({@code proxy_bind}); all of 127/8 is loopback on Linux. */
    static final String UPSTREAM_SOURCE = "127.0.0.3";

    private final Path directory;
    private final Process process;
    private final int port;

    private NginxProxy(Path directory, Process process, int port) {
        this.directory = directory;
        this.process = process;
        this.port = port;
    }

    /** Starts nginx proxying https on a free port to Weft on 127.0.0.1 at {@code upstreamPort}. */
    static NginxProxy start(int upstreamPort) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("weft-nginx");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(directory.resolve("temp"));
        run(directory, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                "-keyout", "key.pem", "-out", "cert.pem");
        for (String file : List.of("key.pem", "cert.pem")) { // nginx's worker drops root to read them
            Files.setPosixFilePermissions(directory.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
        }
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) { // a free port may be taken before nginx binds it
            int port = freePort();
            Files.writeString(directory.resolve("nginx.conf"), configuration(port, upstreamPort));
            Process process = new ProcessBuilder(nginx(), "-p", directory + "/", "-c", "nginx.conf",
                    "-e", "error.log", "-g", "daemon off;")
                    .redirectErrorStream(true).redirectOutput(directory.resolve("nginx.out").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (process.isAlive() && !accepts(port) && System.nanoTime() < deadline) {
                process.waitFor(50, TimeUnit.MILLISECONDS); // returns at once if nginx exits
            }
            if (process.isAlive() && accepts(port)) {
                return new NginxProxy(directory, process, port);
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            last = new IOException("nginx did not start on port " + port + ": "
                    + Files.readString(directory.resolve("nginx.out")));
        }
        delete(directory);
        throw last;
    }

    private static String configuration(int port, int upstreamPort) {
        return """
                worker_processes 1;
                pid nginx.pid;
                error_log error.log warn;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path temp/body;
                    proxy_temp_path temp/proxy;
                    fastcgi_temp_path temp/fastcgi;
                    uwsgi_temp_path temp/uwsgi;
                    scgi_temp_path temp/scgi;
                    map $http_upgrade $connection_upgrade {
                        default upgrade;
                        ''      close;
                    }
                    server {
                        listen 127.0.0.1:%d ssl;
                        ssl_certificate cert.pem;
                        ssl_certificate_key key.pem;
                        location / {
                            proxy_pass http://127.0.0.1:%d;
                            proxy_bind %s;
                            proxy_http_version 1.1;
                            proxy_set_header Host $host;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_set_header X-Forwarded-Proto $scheme;
                            proxy_set_header X-Forwarded-Host $http_host;
                            proxy_set_header Upgrade $http_upgrade;
                            proxy_set_header Connection $connection_upgrade;
                        }
                    }
                }
                """.formatted(port, upstreamPort, UPSTREAM_SOURCE);
    }

    private static String nginx() {
        if (Files.isExecutable(Path.of("/usr/sbin/nginx"))) {
            return "/usr/sbin/nginx";
        }
        return "nginx";
    }

    /** Runs {@code command} in {@code directory} to completion; a non-zero exit throws with its output. */
    static String run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + new String(output));
        }
        return new String(output);
    }

    /** A TLS socket to nginx that trusts its certificate. */
    SSLSocket connect() throws IOException, GeneralSecurityException {
        Certificate certificate;
        try (var pem = Files.newInputStream(directory.resolve("cert.pem"))) {
            certificate = CertificateFactory.getInstance("X.509").generateCertificate(pem);
        }
        var keys = KeyStore.getInstance(KeyStore.getDefaultType());
        keys.load(null, null);
        keys.setCertificateEntry("nginx", certificate);
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        var tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        var socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port);
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** The port nginx serves https on. */
    int port() {
        return port;
    }

    /** The temporary directory (it holds {@code cert.pem}, the certificate to trust). */
    Path directory() {
        return directory;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        delete(directory);
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + directory, e);
        }
    }
}
