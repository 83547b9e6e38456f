package dev.weft.examples.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server process the deploy tests start (nginx, pgbouncer) in a temporary directory of its own, listening
 * on 127.0.0.1 at a port named in its configuration. The port is found free and may be taken before the
 * server binds it, so a server that exits because of that is started again on another port.
 * {@link #close()} stops it (SIGTERM, then SIGKILL) and deletes the directory.
 */
final class LocalServer implements AutoCloseable {
    private static final int PORT_ATTEMPTS = 5;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    final Path directory;
    final int port;
    private final Process process;
    private final Path output;

    private LocalServer(Path directory, int port, Process process, Path output) {
        this.directory = directory;
        this.port = port;
        this.process = process;
        this.output = output;
    }

    /** The command that runs a server on {@code port}, once it has written the configuration naming it to {@code directory}. */
    interface PortCommand {
        List<String> forPort(Path directory, int port) throws IOException;
    }

    /**
     * Makes a directory others may read (the servers drop root), then runs the command {@code command}
     * returns in it until the server accepts on the port.
     */
    static LocalServer start(String name, PortCommand command) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("weft-" + name);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path output = directory.resolve(name + ".out");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Process process = new ProcessBuilder(command.forPort(directory, port)).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            var server = new LocalServer(directory, port, process, output);
            while (process.isAlive() && !server.accepts() && System.nanoTime() < deadline) {
                process.waitFor(50, TimeUnit.MILLISECONDS); // ends at once if the server exits
            }
            if (process.isAlive() && server.accepts()) {
                return server;
            }
            String log = server.log();
            boolean portTaken = !process.isAlive() && log.contains("in use");
            server.stop();
            if (!portTaken || attempt == PORT_ATTEMPTS) {
                server.deleteDirectory();
                throw new IOException(name + " did not start on port " + port + ":\n" + log);
            }
        }
    }

    /** Writes {@code text} to {@code file}, readable by a server that dropped root. */
    static void writeReadable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** The command prefix that runs a server as {@code nobody} when the tests run as root (pgbouncer refuses root). */
    static List<String> notAsRoot() {
        return "root".equals(System.getProperty("user.name"))
                ? List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups")
                : List.of();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private boolean accepts() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What the server printed so far, for failure messages. */
    String log() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            deleteDirectory();
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + directory, e);
        }
    }
}
