package dev.weft.pg.connection;

import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.pg.PgConnection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A hot standby of an embedded primary, made without {@code pg_basebackup} (the embedded binaries ship
 * none): a physical replication slot, then the low-level backup API ({@code pg_backup_start}, a copy of
 * the data directory, {@code pg_backup_stop} whose label file goes into the copy), then
 * {@code standby.signal} and {@code primary_conninfo}. Runs the primary's own {@code postgres} binary as
 * the account that owns the primary's files. {@link #close()} stops it and deletes its files.
 */
final class StreamingReplica implements AutoCloseable {
    private static final Set<String> SKIPPED = Set.of("postmaster.pid", "postmaster.opts", "pg_wal", "pg_replslot",
            "pg_stat_tmp", "backup_label", "standby.signal");

    private final ServerProcess server;
    final int port;

    private StreamingReplica(ServerProcess server) {
        this.server = server;
        this.port = server.port;
    }

    /** Clones {@code primary} (reached through {@code conn}, a superuser session) and starts the standby. */
    static StreamingReplica cloneOf(EmbeddedPostgres primary, PgConnection conn) throws IOException, InterruptedException {
        Path source = primary.dataDirectory();
        Files.writeString(source.resolve("pg_hba.conf"), "host replication postgres 127.0.0.1/32 trust\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        conn.execute("SELECT pg_reload_conf()");
        conn.execute("SELECT pg_create_physical_replication_slot('weft_replica', true)");
        // postmaster.opts holds the command line: the binary first, then quoted arguments.
        String postgres = Files.readString(source.resolve("postmaster.opts")).strip().split("\\s+")[0].replace("\"", "");

        Path directory = Files.createTempDirectory("weft-replica");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = directory.resolve("data");
        conn.execute("SELECT pg_backup_start('weft_replica', true)");
        copyTree(source, data);
        String label = conn.queryValue(String.class, "SELECT labelfile FROM pg_backup_stop(false)");
        Files.writeString(data.resolve("backup_label"), label, StandardCharsets.UTF_8);
        for (String dir : List.of("pg_wal", "pg_wal/archive_status", "pg_replslot", "pg_stat_tmp")) {
            Files.createDirectories(data.resolve(dir));
        }
        Files.createFile(data.resolve("standby.signal"));
        Files.writeString(data.resolve("postgresql.conf"), "\n# standby\nprimary_conninfo = 'host=127.0.0.1 port=" + primary.port()
                + " user=postgres application_name=weft_replica'\nprimary_slot_name = 'weft_replica'\nhot_standby = on\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        UserPrincipal owner = Files.getOwner(source);
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.toList()) {
                Files.setOwner(file, owner);
            }
        }
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));

        var command = new ArrayList<String>();
        int uid = (Integer) Files.getAttribute(source, "unix:uid");
        if (uid != 0) {
            command.addAll(ServerProcess.notAsRoot(Integer.toString(uid), Files.getAttribute(source, "unix:gid").toString()));
        }
        command.addAll(List.of(postgres, "-D", data.toString(), "-p"));
        return new StreamingReplica(ServerProcess.start("replica", directory, port -> {
            var withPort = new ArrayList<>(command);
            withPort.add(Integer.toString(port));
            return withPort;
        }, Duration.ofSeconds(60), true));
    }

    String log() throws IOException {
        return server.log();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && SKIPPED.contains(from.relativize(dir).toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!SKIPPED.contains(from.relativize(file).toString())) {
                    // A file may vanish while the primary runs (a temporary file); the backup API tolerates that.
                    try {
                        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (java.nio.file.NoSuchFileException ignored) {
                        // gone meanwhile: WAL replay recreates what matters
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Stops the standby with a fast shutdown (it does not wait for clients to leave) and deletes its files. */
    @Override
    public void close() {
        server.close();
    }
}
