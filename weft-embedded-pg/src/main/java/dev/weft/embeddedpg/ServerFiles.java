package dev.weft.embeddedpg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Writes a fresh data directory: runs {@code initdb}, replaces {@code pg_hba.conf} with the configured
 * users' lines, and appends the fixture's settings to {@code postgresql.conf} (later lines win there,
 * so the caller's settings override the defaults). Stateless.
 */
final class ServerFiles {
    private static final List<String> LOOPBACK = List.of("127.0.0.1/32", "::1/128");

    private ServerFiles() {
    }

    /** Runs initdb as {@code account}: superuser {@code postgres} trusted, UTF-8, C locale, no fsync. */
    static void initdb(Path installDir, Path dataDir, OsAccount account, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ServerProcess.run(account.command(List.of(installDir.resolve("bin/initdb").toString(),
                "-D", dataDir.toString(), "-U", EmbeddedPostgres.SUPERUSER, "--auth=trust",
                "-E", "UTF8", "--locale=C", "--no-sync")), log, timeout);
    }

    /** The {@code pg_hba.conf} text: the superuser trusted, then one line per user and address. */
    static String hba(List<PgUser> users, boolean unixSocket) {
        var text = new StringBuilder("# written by weft-embedded-pg\n");
        if (unixSocket) {
            text.append("local all ").append(EmbeddedPostgres.SUPERUSER).append(" trust\n");
        }
        for (String address : LOOPBACK) {
            text.append("host all ").append(EmbeddedPostgres.SUPERUSER).append(' ').append(address).append(" trust\n");
        }
        for (PgUser user : users) {
            String role = quoteHba(user.name());
            if (unixSocket && !user.tlsOnly()) {
                text.append("local all ").append(role).append(' ').append(user.method().hbaKeyword()).append('\n');
            }
            for (String address : LOOPBACK) {
                text.append(user.tlsOnly() ? "hostssl" : "host").append(" all ").append(role).append(' ')
                        .append(address).append(' ').append(user.method().hbaKeyword()).append('\n');
            }
        }
        return text.toString();
    }

    /** Writes {@code pg_hba.conf} and appends {@code settings} (plus TLS and socket settings) to {@code postgresql.conf}. */
    static void configure(Path dataDir, ServerSettings settings, Path socketDir) throws IOException {
        Files.writeString(dataDir.resolve("pg_hba.conf"), hba(settings.users(), socketDir != null), StandardCharsets.UTF_8);
        var conf = new StringBuilder("\n# weft-embedded-pg\n");
        conf.append("unix_socket_directories = ").append(quoteConf(socketDir == null ? "" : socketDir.toString())).append('\n');
        if (settings.tls()) {
            conf.append("ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nssl_ca_file = 'root.crt'\n");
        }
        for (Map.Entry<String, String> setting : settings.settings().entrySet()) {
            conf.append(setting.getKey()).append(" = ").append(quoteConf(setting.getValue())).append('\n');
        }
        Files.writeString(dataDir.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static String quoteConf(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** Quoted, a name is never taken for a keyword such as {@code all} or a {@code +group}; PgUser rules out quotes inside. */
    private static String quoteHba(String name) {
        return "\"" + name + "\"";
    }
}
