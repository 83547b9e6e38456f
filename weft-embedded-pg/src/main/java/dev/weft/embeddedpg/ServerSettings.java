package dev.weft.embeddedpg;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The snapshot of a {@link EmbeddedPostgresBuilder} that a server is started from. Immutable.
 *
 * @param binaries         a {@code .txz} archive or a jar holding one, or null for the classpath's
 * @param majorVersion     the required major version, or 0 for whichever the binaries are
 * @param port             the TCP port, or 0 for a free one
 * @param users            the login roles to create
 * @param tls              whether TLS is on
 * @param settings         {@code postgresql.conf} settings, defaults first, the caller's after
 * @param initSql          SQL run as the superuser in database {@code postgres} once the server is up
 * @param unixSocket       whether to listen on a Unix-domain socket too
 * @param startupTimeout   bound on initdb plus start-up
 * @param statementTimeout bound on each administration statement
 * @param cacheDirectory   where binaries are unpacked, or null for the default
 * @param workDirectory    where data directories are made, or null for the default
 * @param stopOnExit       whether a JVM shutdown hook stops the server
 */
record ServerSettings(Path binaries, int majorVersion, int port, List<PgUser> users, boolean tls,
                      Map<String, String> settings, List<String> initSql, boolean unixSocket,
                      Duration startupTimeout, Duration statementTimeout, Path cacheDirectory, Path workDirectory,
                      boolean stopOnExit) {
    ServerSettings {
        users = List.copyOf(users);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        initSql = List.copyOf(initSql);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (majorVersion < 0) {
            throw new IllegalArgumentException("negative major version: " + majorVersion);
        }
        long distinct = users.stream().map(PgUser::name).distinct().count();
        if (distinct != users.size()) {
            throw new IllegalArgumentException("a user is configured twice: " + users);
        }
        if (!tls && users.stream().anyMatch(PgUser::tlsOnly)) {
            throw new IllegalArgumentException("TLS-only users need tls(true): " + users);
        }
        requirePositive("startupTimeout", startupTimeout);
        requirePositive("statementTimeout", statementTimeout);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
