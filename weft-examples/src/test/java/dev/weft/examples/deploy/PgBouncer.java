package dev.weft.examples.deploy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's pgbouncer in transaction pooling mode in front of a PostgreSQL server, admitting one user by
 * SCRAM with at most {@code serverConnections} server connections per database, so that the instances'
 * client sessions must share them. The setup is weft-pg's {@code PgBouncerTest}'s (docs/pg-copy-and-streaming.md).
 */
final class PgBouncer implements AutoCloseable {
    private final LocalServer server;

    private PgBouncer(LocalServer server) {
        this.server = server;
    }

    static PgBouncer start(int postgresPort, String user, String password, int serverConnections)
            throws IOException, InterruptedException {
        return new PgBouncer(LocalServer.start("pgbouncer", (directory, port) -> {
            var userlist = directory.resolve("userlist.txt");
            LocalServer.writeReadable(userlist, "\"" + user + "\" \"" + password + "\"\n");
            var ini = directory.resolve("pgbouncer.ini");
            LocalServer.writeReadable(ini, """
                    [databases]
                    * = host=127.0.0.1 port=%d
                    [pgbouncer]
                    listen_addr = 127.0.0.1
                    listen_port = %d
                    unix_socket_dir =
                    auth_type = scram-sha-256
                    auth_file = %s
                    pool_mode = transaction
                    ignore_startup_parameters = search_path
                    default_pool_size = %d
                    max_client_conn = 500
                    """.formatted(postgresPort, port, userlist, serverConnections));
            var command = new ArrayList<>(LocalServer.notAsRoot());
            command.addAll(List.of("/usr/sbin/pgbouncer", ini.toString()));
            return command;
        }));
    }

    /** The port clients reach PostgreSQL through. */
    int port() {
        return server.port;
    }

    /** pgbouncer's output so far, for failure messages. */
    String log() {
        return server.log();
    }

    @Override
    public void close() {
        server.close();
    }
}
