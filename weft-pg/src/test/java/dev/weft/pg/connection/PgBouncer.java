package dev.weft.pg.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A pgbouncer process (the Debian package) in transaction pooling mode in front of a PostgreSQL server,
 * with its own ini and userlist in a temporary directory. pgbouncer refuses to run as root, so as root it
 * runs as {@code nobody} through {@code setpriv}. {@link #close()} stops it.
 */
final class PgBouncer implements AutoCloseable {
    private final ServerProcess server;
    final int port;

    private PgBouncer(ServerProcess server) {
        this.server = server;
        this.port = server.port;
    }

    /** Starts pgbouncer for every database of the server at {@code serverPort}, admitting {@code user}/{@code password} by SCRAM. */
    static PgBouncer start(int serverPort, String user, String password, int serverPoolSize) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("weft-pgbouncer");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(directory.resolve("userlist.txt"), "\"" + user + "\" \"" + password + "\"\n");
        var command = new ArrayList<>(ServerProcess.notAsRoot("nobody", "nogroup"));
        command.addAll(List.of("/usr/sbin/pgbouncer", directory.resolve("pgbouncer.ini").toString()));
        return new PgBouncer(ServerProcess.start("pgbouncer", directory, port -> {
            writeConfig(directory, serverPort, port, serverPoolSize);
            return command;
        }, Duration.ofSeconds(15), false));
    }

    private static void writeConfig(Path directory, int serverPort, int port, int serverPoolSize) throws IOException {
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
    }

    /** pgbouncer's log so far, for failure messages. */
    String log() throws IOException {
        return server.log();
    }

    @Override
    public void close() {
        server.close();
    }
}
