package dev.weft.embeddedpg;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one implementation of {@link EmbeddedPostgres}: a work directory ({@code data/}, {@code server.log},
 * {@code ca.crt}, client certificates) holding one running server. Thread-safe: administration calls
 * each use their own connection; {@link #close()} is guarded by a lock.
 */
final class RealEmbeddedPostgres implements EmbeddedPostgres {
    private static final String HOST = "127.0.0.1";
    private static final int PORT_ATTEMPTS = 5;
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final ServerSettings settings;
    private final Path workDirectory;
    private final Path dataDirectory;
    private final Path logFile;
    private final Path socketDirectory;
    private final CertificateAuthority authority;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger issued = new AtomicInteger();
    private final boolean shared;
    private ServerProcess process;
    private int port;
    private String serverVersion;
    private Thread shutdownHook;
    private volatile boolean closed;

    private RealEmbeddedPostgres(ServerSettings settings, Path workDirectory, CertificateAuthority authority,
                                 boolean shared) {
        this.settings = settings;
        this.workDirectory = workDirectory;
        this.dataDirectory = workDirectory.resolve("data");
        this.logFile = workDirectory.resolve("server.log");
        this.socketDirectory = settings.unixSocket() ? workDirectory.resolve("socket") : null;
        this.authority = authority;
        this.shared = shared;
    }

    /** Starts a server as {@link EmbeddedPostgresBuilder#start()} describes. */
    static RealEmbeddedPostgres start(ServerSettings settings) {
        return start(settings, false);
    }

    /** Starts a server; a {@code shared} one ignores {@link #close()} and stops only at JVM exit. */
    static RealEmbeddedPostgres start(ServerSettings settings, boolean shared) {
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        OsAccount account = OsAccount.detect();
        BinaryArchive archive = BinaryArchive.locate(settings.binaries(), settings.majorVersion());
        Path installDir = BinaryCache.install(archive, FileTrees.cacheRoot(settings.cacheDirectory(), account));
        Path runRoot = FileTrees.runRoot(settings.workDirectory(), account);
        WorkDirectories.sweepAbandoned(runRoot);
        CertificateAuthority authority = settings.tls() ? CertificateAuthority.create() : null;
        Path work = WorkDirectories.create(runRoot, account);
        var server = new RealEmbeddedPostgres(settings, work, authority, shared); // from here on, failures clean up
        try {
            checkVersion(installDir, archive, settings.majorVersion(), server.logFile);
            server.prepare(installDir, account, remaining(deadline));
            server.launch(installDir, account, deadline);
            server.administer();
            if (settings.stopOnExit()) {
                server.shutdownHook = Thread.ofPlatform().name("weft-embedded-pg-stop").unstarted(server::stopAndDelete);
                Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            }
            return server;
        } catch (IOException e) {
            server.stopAndDelete();
            throw new EmbeddedPostgresException("cannot start PostgreSQL in " + work + ": " + e, e);
        } catch (InterruptedException e) {
            server.stopAndDelete();
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while starting PostgreSQL", e);
        } catch (RuntimeException e) {
            server.stopAndDelete();
            throw e;
        }
    }

    private static void checkVersion(Path installDir, BinaryArchive archive, int requested, Path log)
            throws IOException, InterruptedException {
        if (requested == 0) {
            return;
        }
        Path versionLog = log.resolveSibling("version.txt");
        ServerProcess.run(List.of(installDir.resolve("bin/postgres").toString(), "--version"), versionLog, Duration.ofSeconds(30));
        String reported = Files.readString(versionLog).trim(); // "postgres (PostgreSQL) 17.6"
        String version = reported.substring(reported.lastIndexOf(' ') + 1);
        if (!version.startsWith(requested + ".")) {
            throw BinaryArchive.versionMismatch(requested, version, archive.source());
        }
    }

    private void prepare(Path installDir, OsAccount account, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectory(dataDirectory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        account.own(dataDirectory);
        Files.createFile(logFile);
        ServerFiles.initdb(installDir, dataDirectory, account, logFile, timeout);
        if (authority != null) {
            authority.writeCertificate(workDirectory.resolve("ca.crt"));
            authority.writeCertificate(dataDirectory.resolve("root.crt"));
            authority.issueServer(dataDirectory.resolve("server.crt"), dataDirectory.resolve("server.key"));
            Files.setPosixFilePermissions(dataDirectory.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
            for (String file : List.of("root.crt", "server.crt", "server.key")) {
                account.own(dataDirectory.resolve(file));
            }
        }
        if (socketDirectory != null) {
            Files.createDirectory(socketDirectory);
            account.own(socketDirectory);
        }
        ServerFiles.configure(dataDirectory, settings, socketDirectory);
    }

    /** Starts postgres and waits until it answers; retries on another free port when one was taken meanwhile. */
    private void launch(Path installDir, OsAccount account, long deadline) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            port = settings.port() != 0 ? settings.port() : freePort();
            long logSize = Files.size(logFile);
            process = ServerProcess.start(installDir, dataDirectory, port, logFile, account);
            if (awaitReady(deadline)) {
                return;
            }
            process.stop(STOP_GRACE);
            byte[] log = Files.readAllBytes(logFile);
            String output = new String(log, (int) logSize, log.length - (int) logSize, StandardCharsets.UTF_8);
            boolean portTaken = output.contains("could not bind") || output.contains("could not create lock file");
            if (!portTaken || settings.port() != 0 || attempt == PORT_ATTEMPTS) {
                throw new EmbeddedPostgresException("PostgreSQL exited during start-up on port " + port
                        + "; its log:\n" + ServerProcess.tail(logFile));
            }
        }
    }

    /** True once the server accepts a query; false if it exited first; throws on timeout. */
    private boolean awaitReady(long deadline) throws InterruptedException {
        for (;;) {
            if (!process.isAlive()) {
                return false;
            }
            try (var client = AdminClient.connect(HOST, port, SUPERUSER, "postgres", Duration.ofSeconds(5))) {
                // a server already on this port (ours failed to bind) would have another data directory
                String directory = client.query("SHOW data_directory").getFirst().getFirst();
                if (!Path.of(directory).equals(dataDirectory)) {
                    return false;
                }
                serverVersion = client.query("SHOW server_version").getFirst().getFirst().split(" ")[0];
                return true;
            } catch (IOException e) {
                // not listening yet
            } catch (EmbeddedPostgresException e) {
                if (!e.sqlState().filter(s -> s.equals("57P03")).isPresent()) { // 57P03: still starting up
                    // another server on this port refusing us means ours failed to bind and is exiting
                    if (process.awaitExit(Duration.ofSeconds(2))) {
                        return false;
                    }
                    throw e;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new EmbeddedPostgresException("PostgreSQL did not become ready within "
                        + settings.startupTimeout() + "; its log:\n" + ServerProcess.tail(logFile));
            }
            process.awaitExit(Duration.ofMillis(20)); // returns at once if the server dies meanwhile
        }
    }

    private void administer() throws IOException {
        try (var client = AdminClient.connect(HOST, port, SUPERUSER, "postgres", settings.statementTimeout())) {
            for (PgUser user : settings.users()) {
                String storage = user.method() == AuthMethod.MD5 ? "md5" : "scram-sha-256";
                String password = user.password() == null ? "" : " PASSWORD " + Sql.literal(user.password());
                client.query("SET password_encryption = '" + storage + "'; CREATE ROLE " + Sql.identifier(user.name())
                        + " LOGIN" + password);
            }
            for (String sql : settings.initSql()) {
                client.query(sql);
            }
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(TimeUnit.SECONDS.toNanos(1), deadline - System.nanoTime()));
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String uri(String user, String password, String database) {
        return ConnectionUris.uri(HOST, port, user, password, database);
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + ConnectionUris.encode(database);
    }

    @Override
    public Path caCertificate() {
        requireTls();
        return workDirectory.resolve("ca.crt");
    }

    @Override
    public ClientCertificate issueClientCertificate(String commonName) {
        requireTls();
        if (commonName == null || commonName.isEmpty()) {
            throw new IllegalArgumentException("empty common name: " + commonName);
        }
        Path directory = workDirectory.resolve("client-" + issued.incrementAndGet());
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            var certificate = new ClientCertificate(commonName, directory.resolve("client.crt"),
                    directory.resolve("client.key"), directory.resolve("client.pk8"));
            authority.issueClient(commonName, certificate.certificate(), certificate.privateKey(), certificate.privateKeyDer());
            for (Path key : List.of(certificate.privateKey(), certificate.privateKeyDer())) {
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------")); // libpq insists
            }
            return certificate;
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot write a client certificate under " + directory, e);
        }
    }

    private void requireTls() {
        if (authority == null) {
            throw new IllegalStateException("this server was built with tls(false)");
        }
    }

    @Override
    public String serverVersion() {
        return serverVersion;
    }

    @Override
    public int majorVersion() {
        return Integer.parseInt(serverVersion.split("\\.")[0]);
    }

    @Override
    public void createDatabase(String name) {
        execute("postgres", "CREATE DATABASE " + Sql.identifier(name) + " TEMPLATE template0 ENCODING 'UTF8'");
    }

    @Override
    public void dropDatabase(String name) {
        execute("postgres", "DROP DATABASE IF EXISTS " + Sql.identifier(name) + " WITH (FORCE)");
    }

    @Override
    public void execute(String database, String sql) {
        query(database, sql);
    }

    @Override
    public List<List<String>> query(String database, String sql) {
        if (closed) {
            throw new IllegalStateException("the embedded server is closed: " + this);
        }
        try (var client = AdminClient.connect(HOST, port, SUPERUSER, database, settings.statementTimeout())) {
            return client.query(sql);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot run SQL on the embedded server (port " + port + "): " + e, e);
        }
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public Optional<Path> unixSocketDirectory() {
        return Optional.ofNullable(socketDirectory);
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        if (shared) {
            return;
        }
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | NullPointerException e) {
            // already shutting down (the hook does the work), or there is no hook (stopOnExit(false), or
            // start never got as far as it)
        }
    }

    private void stopAndDelete() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (process != null) {
                process.stop(STOP_GRACE);
            }
            FileTrees.deleteQuietly(workDirectory);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[" + HOST + ":" + port + ", PostgreSQL " + serverVersion + ", " + dataDirectory + "]";
    }
}
