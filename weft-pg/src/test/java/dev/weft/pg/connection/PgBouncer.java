package dev.weft.pg.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A pgbouncer process (the Debian package) in transaction pooling mode in front of a PostgreSQL server,
 * with its own ini and userlist in a temporary directory. pgbouncer refuses to run as root, so as root it
 * runs as {@code nobody} through {@code setpriv}. {@link #close()} stops it.
 */
final class PgBouncer implements AutoCloseable {
    private final Process process;
    private final Path directory;
    final int port;

    private PgBouncer(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /** Starts pgbouncer for every database of the server at {@code serverPort}, admitting {@code user}/{@code password} by SCRAM. */
    static PgBouncer start(int serverPort, String user, String password, int serverPoolSize) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("weft-pgbouncer");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(directory.resolve("userlist.txt"), "\"" + user + "\" \"" + password + "\"\n");
        Files.writeString(directory.resolve("pgbouncer.ini"), """
                [databases]
                * = host=127.0.0.1 port=%d
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %d
                unix_socket_dir =
                auth_type = scram-sha-256
                auth_file = %s
                pool_mode = transaction
                default_pool_size = %d
                max_client_conn = 500
                server_tls_sslmode = disable
                """.formatted(serverPort, port, directory.resolve("userlist.txt"), serverPoolSize));
        for (String file : List.of("userlist.txt", "pgbouncer.ini")) {
            Files.setPosixFilePermissions(directory.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
        }
        var command = new ArrayList<String>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        command.addAll(List.of("/usr/sbin/pgbouncer", directory.resolve("pgbouncer.ini").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("pgbouncer.log").toFile()).start();
        var bouncer = new PgBouncer(process, directory, port);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!bouncer.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(directory.resolve("pgbouncer.log"));
                bouncer.close();
                throw new IOException("pgbouncer did not start: " + log);
            }
            Thread.sleep(50);
        }
        return bouncer;
    }

    private boolean accepts() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** pgbouncer's log so far, for failure messages. */
    String log() throws IOException {
        return Files.readString(directory.resolve("pgbouncer.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(directory);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("stopping pgbouncer", e);
        }
    }
}
