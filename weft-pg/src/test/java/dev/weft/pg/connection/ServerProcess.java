package dev.weft.pg.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server a test starts (pgbouncer, a standby): its own temporary directory with its log, a port on
 * 127.0.0.1 it is ready once accepting, and a {@link #close()} that stops it and deletes the directory.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path directory;
    private final Path log;
    private final boolean interruptToStop;
    final int port;

    private ServerProcess(Process process, Path directory, Path log, int port, boolean interruptToStop) {
        this.process = process;
        this.directory = directory;
        this.log = log;
        this.port = port;
        this.interruptToStop = interruptToStop;
    }

    /** Attempts at a fresh port when the one chosen was taken between choosing and binding. */
    private static final int PORT_ATTEMPTS = 5;

    /** The command that starts a server on {@code port}, after writing whatever configuration names it. */
    interface PortCommand {
        List<String> forPort(int port) throws IOException;
    }

    /** A port nobody listens on right now; another process may take it before the server binds it. */
    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The command prefix that runs a program as {@code uid:gid} when the tests run as root (servers refuse root). */
    static List<String> notAsRoot(String uid, String gid) {
        return "root".equals(System.getProperty("user.name"))
                ? List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups")
                : List.of();
    }

    /**
     * Runs {@code command} on a free port with its output in {@code directory/<name>.log} and waits until it
     * accepts there; if it exits or {@code startTimeout} passes first, stops it and throws with its log. A
     * port chosen free can be taken before the server binds it: a server that exits saying so is started
     * again on another port. {@code interruptToStop}: stop with SIGINT (PostgreSQL's fast shutdown) rather
     * than SIGTERM.
     */
    static ServerProcess start(String name, Path directory, PortCommand command, Duration startTimeout,
                               boolean interruptToStop) throws IOException, InterruptedException {
        Path log = directory.resolve(name + ".log");
        long deadline = System.nanoTime() + startTimeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            List<String> args = command.forPort(port);
            Process process = new ProcessBuilder(new ArrayList<>(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            var server = new ServerProcess(process, directory, log, port, interruptToStop);
            while (!server.accepts()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String output = server.log();
                    boolean portTaken = !process.isAlive()
                            && (output.contains("already in use") || output.contains("could not bind"));
                    if (portTaken && attempt < PORT_ATTEMPTS) {
                        break;
                    }
                    server.close();
                    throw new IOException(name + " did not start:\n" + output);
                }
                process.waitFor(50, TimeUnit.MILLISECONDS); // returns at once if the server exits meanwhile
            }
            if (process.isAlive()) {
                return server;
            }
            if (attempt == PORT_ATTEMPTS) {
                String output = server.log();
                server.close();
                throw new IOException(name + " did not start on " + PORT_ATTEMPTS + " ports:\n" + output);
            }
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

    /** The server's output so far, for failure messages. */
    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                if (interruptToStop) {
                    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
                } else {
                    process.destroy();
                }
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("stopping the server in " + directory, e);
        }
    }
}
