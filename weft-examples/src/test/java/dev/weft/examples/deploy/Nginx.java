package dev.weft.examples.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Debian's nginx in the foreground, configured by {@code deploy/nginx.conf} (the file docs/deploy.md
 * shows) with its listen port and its upstream servers replaced by the test's: a free port and the Weft
 * instances' ports. Everything it writes (logs, pid, temporary files) stays in its own directory.
 */
final class Nginx implements AutoCloseable {
    private static final String TEMPLATE = "/deploy/nginx.conf";
    private static final String LISTEN = "listen 127.0.0.1:8080;";
    private static final List<String> DOCUMENTED_INSTANCES = List.of(
            "        server 127.0.0.1:8081 max_fails=1 fail_timeout=10s;\n",
            "        server 127.0.0.1:8082 max_fails=1 fail_timeout=10s;\n");

    private final LocalServer server;

    private Nginx(LocalServer server) {
        this.server = server;
    }

    /** Starts nginx in front of the instances listening on 127.0.0.1 at {@code instancePorts}. */
    static Nginx start(List<Integer> instancePorts) throws IOException, InterruptedException {
        String template = template();
        String upstreams = instancePorts.stream()
                .map(port -> DOCUMENTED_INSTANCES.getFirst().replace(":8081 ", ":" + port + " "))
                .collect(Collectors.joining());
        return new Nginx(LocalServer.start("nginx", (directory, port) -> {
            Files.createDirectories(directory.resolve("temp"));
            LocalServer.writeReadable(directory.resolve("nginx.conf"), template
                    .replace(LISTEN, "listen 127.0.0.1:" + port + ";")
                    .replace(String.join("", DOCUMENTED_INSTANCES), upstreams));
            return List.of("/usr/sbin/nginx", "-p", directory + "/", "-c", "nginx.conf", "-e", "error.log", "-g", "daemon off;");
        }));
    }

    /** The configuration as docs/deploy.md shows it. */
    static String template() throws IOException {
        try (InputStream in = Nginx.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the test class path");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!text.contains(LISTEN) || !text.contains(String.join("", DOCUMENTED_INSTANCES))) {
                throw new IllegalStateException(TEMPLATE + " no longer has the listen and server lines the test replaces");
            }
            return text;
        }
    }

    /** The port clients reach the instances through. */
    int port() {
        return server.port;
    }

    /** nginx's error log and output so far, for failure messages. */
    String log() {
        try {
            Path errors = server.directory.resolve("error.log");
            return server.log() + (Files.exists(errors) ? Files.readString(errors) : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
