package dev.weft.embeddedpg;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL server running from Maven-packaged binaries in a temporary data directory on a
 * free port of 127.0.0.1: Testcontainers without Docker. {@link #close()} stops it and deletes the
 * data directory; so does JVM exit, and a killed JVM takes the server down with it. Thread-safe.
 *
 * {@snippet :
 * try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
 *         .user("app", "secret", AuthMethod.SCRAM_SHA_256)
 *         .initSql("CREATE TABLE greeting (text text)")
 *         .start()) {
 *     pg.createDatabase("app");
 *     String uri = pg.uri("app", "secret", "app");   // postgresql://app:secret@127.0.0.1:<port>/app
 * }
 * }
 *
 * <p>Tests usually share one server per JVM, {@link #shared()}, through {@link EmbeddedPostgresExtension}.
 */
public interface EmbeddedPostgres extends AutoCloseable {
    /** The name of the fixture's superuser, trusted from 127.0.0.1. */
    String SUPERUSER = "postgres";

    /** A builder with test-friendly defaults: TLS on, no extra users, durability off, 300 connections. */
    static EmbeddedPostgresBuilder builder() {
        return new EmbeddedPostgresBuilder();
    }

    /**
     * The one server of this JVM, started on first use and stopped at JVM exit (its {@link #close()}
     * does nothing). It has TLS on (plain connections allowed too) and these users:
     * {@code postgres} (superuser, trust), {@code trust_user} (trust), {@code md5_user}/{@code md5_pass}
     * (md5), {@code scram_user}/{@code scram_pass} (scram-sha-256), {@code cleartext_user}/{@code cleartext_pass}
     * (password), and {@code tls_only_user}/{@code tls_pass} (scram-sha-256, TLS only).
     *
     * @throws EmbeddedPostgresException when the server cannot start (then every later call throws too)
     */
    static EmbeddedPostgres shared() {
        return SharedServer.get();
    }

    /** The address the server listens on, {@code 127.0.0.1}. */
    String host();

    /** The TCP port the server listens on. */
    int port();

    /** The superuser's name, {@code postgres}. */
    default String superuser() {
        return SUPERUSER;
    }

    /**
     * A libpq-style URI for this server, {@code postgresql://user:password@127.0.0.1:port/database}, with
     * every part percent-encoded; a null password leaves it out.
     */
    String uri(String user, String password, String database);

    /**
     * {@link #uri} plus {@code ?sslmode=verify-full&sslrootcert=<the CA file>}: a TLS connection that
     * checks the server certificate against the fixture's CA.
     *
     * @throws IllegalStateException when the server was built with TLS off
     */
    default String tlsUri(String user, String password, String database) {
        return uri(user, password, database) + "?sslmode=verify-full&sslrootcert="
                + ConnectionUris.encode(caCertificate().toString());
    }

    /** A pgjdbc URL for {@code database}, {@code jdbc:postgresql://127.0.0.1:port/database}; credentials go in the properties. */
    String jdbcUrl(String database);

    /**
     * The PEM file of the CA that signed the server certificate (valid for {@code localhost},
     * {@code 127.0.0.1} and {@code ::1}): what {@code sslrootcert} points at for {@code sslmode=verify-full}.
     *
     * @throws IllegalStateException when the server was built with TLS off
     */
    Path caCertificate();

    /**
     * Issues a client certificate with common name {@code commonName}, signed by the fixture's CA (the
     * server trusts that CA for client certificates, so it serves {@link AuthMethod#CERT} users and
     * {@code clientcert=verify-full}).
     *
     * @throws IllegalStateException when the server was built with TLS off
     */
    ClientCertificate issueClientCertificate(String commonName);

    /** The server's version as it reports it, for example {@code 17.6}. */
    String serverVersion();

    /** The server's major version, for example {@code 17}. */
    int majorVersion();

    /**
     * Creates an empty database owned by the superuser (from {@code template0}, UTF-8).
     *
     * @throws EmbeddedPostgresException when it exists already (SQLSTATE 42P04) or the server fails
     */
    void createDatabase(String name);

    /** Drops a database if it exists, disconnecting its sessions first. */
    void dropDatabase(String name);

    /**
     * Runs SQL (one statement, or several separated by semicolons that then run as one transaction) as
     * the superuser in database {@code postgres}.
     *
     * @throws EmbeddedPostgresException with the server's SQLSTATE when a statement fails
     */
    default void execute(String sql) {
        execute("postgres", sql);
    }

    /** Runs SQL as the superuser in {@code database}; see {@link #execute(String)}. */
    void execute(String database, String sql);

    /**
     * Runs SQL as the superuser in {@code database} and returns the rows' values as text (SQL NULL as
     * null), every statement's rows in order. For the small answers of administration and test checks.
     */
    List<List<String>> query(String database, String sql);

    /** The data directory (deleted on close). */
    Path dataDirectory();

    /** The directory of the Unix-domain socket, when the server was built with {@code unixSocket(true)}. */
    Optional<Path> unixSocketDirectory();

    /** The server's log file (deleted on close), the first place to look when something fails. */
    Path logFile();

    /** Stops the server (fast shutdown) and deletes its data directory; idempotent; never throws. */
    @Override
    void close();
}
