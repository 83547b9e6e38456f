package dev.weft.pg;

import dev.weft.pg.codec.CodecRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to reach and set up a PostgreSQL session: libpq's connection parameters (same names, same
 * defaults) plus Weft's own limits. Immutable and thread-safe; {@link #toString()} never shows the
 * password.
 *
 * {@snippet :
 * var options = PgConnectOptions.parse("postgresql://app:secret@db.example:5432/app?sslmode=verify-full");
 * var same = PgConnectOptions.builder().host("db.example").user("app").password("secret")
 *         .database("app").sslMode(SslMode.VERIFY_FULL).build();
 * }
 *
 * @param hosts              the servers to try, in order (at least one)
 * @param user               the role name
 * @param password           the password, or null (then {@code ~/.pgpass} is consulted at connect time)
 * @param database           the database name
 * @param sslMode            TLS use and verification
 * @param sslRootCert        PEM file of trusted CAs, or null for the JDK's trust store
 * @param sslCert            PEM client certificate, or null
 * @param sslKey             PEM (PKCS#8) client key, or null
 * @param directTls          PostgreSQL 17's {@code sslnegotiation=direct}: TLS (ALPN {@code postgresql}) at once, no SSLRequest
 * @param channelBinding     whether SCRAM is bound to the TLS channel (SCRAM-SHA-256-PLUS)
 * @param applicationName    {@code application_name}, or null
 * @param connectTimeout     bound on connecting (per host), or null for none
 * @param commandTimeout     default per-call timeout of every query, or null for none
 * @param options            command-line options for the server ({@code -c key=value ...}), or null
 * @param serverSettings     extra run-time parameters sent in the startup message
 * @param statementCacheSize named prepared statements kept per connection (LRU); 0 uses unnamed statements only
 * @param maxPipeline        queries in flight on one connection before callers wait (backpressure)
 * @param maxMessageSize     largest backend message accepted, in bytes; larger ones break the connection
 * @param cancelGrace        how long to wait for the server to end a cancelled query before closing the connection
 * @param targetSessionAttrs which server among several hosts is acceptable
 * @param loadBalanceHosts   libpq's {@code load_balance_hosts=random}: try the hosts in a random order, chosen
 *                           afresh for every connection, so connections spread over them
 * @param passFile           the password file, or null for none
 * @param codecs             the type codecs (shared, thread-safe; register custom types on it)
 */
public record PgConnectOptions(List<PgHost> hosts, String user, String password, String database, SslMode sslMode,
                               Path sslRootCert, Path sslCert, Path sslKey, boolean directTls,
                               ChannelBinding channelBinding, String applicationName, Duration connectTimeout, Duration commandTimeout,
                               String options, Map<String, String> serverSettings, int statementCacheSize,
                               int maxPipeline, int maxMessageSize, Duration cancelGrace,
                               TargetSessionAttrs targetSessionAttrs, boolean loadBalanceHosts, Path passFile,
                               CodecRegistry codecs) {
    /** libpq's default port. */
    public static final int DEFAULT_PORT = 5432;

    public PgConnectOptions {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no host given");
        }
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("user is empty");
        }
        if (database == null || database.isEmpty()) {
            throw new IllegalArgumentException("database is empty");
        }
        if (sslMode == null || targetSessionAttrs == null || channelBinding == null) {
            throw new IllegalArgumentException("sslMode, channelBinding and targetSessionAttrs must not be null");
        }
        if (statementCacheSize < 0) {
            throw new IllegalArgumentException("statement_cache_size < 0: " + statementCacheSize);
        }
        if (maxPipeline < 1) {
            throw new IllegalArgumentException("max_pipeline < 1: " + maxPipeline);
        }
        if (maxMessageSize < 1024) {
            throw new IllegalArgumentException("max_message_size < 1024: " + maxMessageSize);
        }
        requirePositive("connect_timeout", connectTimeout);
        requirePositive("command_timeout", commandTimeout);
        requirePositive("cancel_grace", cancelGrace);
        if (cancelGrace == null) {
            throw new IllegalArgumentException("cancel_grace must not be null");
        }
        serverSettings = Map.copyOf(serverSettings);
        if (codecs == null) {
            throw new IllegalArgumentException("codecs must not be null");
        }
    }

    /** Parses a {@code postgres[ql]://} URI or a libpq keyword string, filling gaps from {@code PG*} environment variables and defaults. */
    public static PgConnectOptions parse(String dsnOrUri) {
        return ConnectionStrings.parse(dsnOrUri, System.getenv());
    }

    /** A builder starting from libpq's defaults (no environment variables applied). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to change some of it. */
    public Builder toBuilder() {
        var b = new Builder();
        b.hosts.addAll(hosts);
        b.user = user;
        b.password = password;
        b.database = database;
        b.sslMode = sslMode;
        b.sslRootCert = sslRootCert;
        b.sslCert = sslCert;
        b.sslKey = sslKey;
        b.directTls = directTls;
        b.channelBinding = channelBinding;
        b.applicationName = applicationName;
        b.connectTimeout = connectTimeout;
        b.commandTimeout = commandTimeout;
        b.options = options;
        b.serverSettings.putAll(serverSettings);
        b.statementCacheSize = statementCacheSize;
        b.maxPipeline = maxPipeline;
        b.maxMessageSize = maxMessageSize;
        b.cancelGrace = cancelGrace;
        b.targetSessionAttrs = targetSessionAttrs;
        b.loadBalanceHosts = loadBalanceHosts;
        b.passFile = passFile;
        b.codecs = codecs;
        return b;
    }

    /** Everything but the password, which shows as {@code ***} when set. */
    @Override
    public String toString() {
        return "PgConnectOptions[hosts=" + hosts + ", user=" + user + ", password=" + (password == null ? "null" : "***")
                + ", database=" + database + ", sslMode=" + sslMode + ", sslRootCert=" + sslRootCert
                + ", directTls=" + directTls + ", channelBinding=" + channelBinding + ", applicationName=" + applicationName
                + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout
                + ", serverSettings=" + serverSettings.keySet() + ", statementCacheSize=" + statementCacheSize
                + ", maxPipeline=" + maxPipeline + ", targetSessionAttrs=" + targetSessionAttrs + ", loadBalanceHosts=" + loadBalanceHosts + "]";
    }

    private static void requirePositive(String name, Duration d) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private final List<PgHost> hosts = new ArrayList<>();
        private String user = System.getProperty("user.name");
        private String password;
        private String database;
        private SslMode sslMode = SslMode.PREFER;
        private Path sslRootCert;
        private Path sslCert;
        private Path sslKey;
        private boolean directTls;
        private ChannelBinding channelBinding = ChannelBinding.PREFER;
        private String applicationName;
        private Duration connectTimeout;
        private Duration commandTimeout;
        private String options;
        private final Map<String, String> serverSettings = new LinkedHashMap<>();
        private int statementCacheSize = 100;
        private int maxPipeline = 256;
        private int maxMessageSize = 256 * 1024 * 1024;
        private Duration cancelGrace = Duration.ofSeconds(5);
        private TargetSessionAttrs targetSessionAttrs = TargetSessionAttrs.ANY;
        private boolean loadBalanceHosts;
        private Path passFile = defaultPassFile();
        private CodecRegistry codecs;

        private Builder() {
        }

        /** Replaces the host list with one host on the default port. */
        public Builder host(String host) {
            return host(host, DEFAULT_PORT);
        }

        /** Replaces the host list with one host. */
        public Builder host(String host, int port) {
            hosts.clear();
            hosts.add(new PgHost(host, port));
            return this;
        }

        /** Replaces the host list. */
        public Builder hosts(List<PgHost> value) {
            hosts.clear();
            hosts.addAll(value);
            return this;
        }

        /** Sets the role name. */
        public Builder user(String value) {
            user = value;
            return this;
        }

        /** Sets the password (null for none). */
        public Builder password(String value) {
            password = value;
            return this;
        }

        /** Sets the database (defaults to the user name). */
        public Builder database(String value) {
            database = value;
            return this;
        }

        /** Sets libpq's {@code sslmode}. */
        public Builder sslMode(SslMode value) {
            sslMode = value;
            return this;
        }

        /** Sets the PEM file of CAs to trust. */
        public Builder sslRootCert(Path value) {
            sslRootCert = value;
            return this;
        }

        /** Sets the client certificate and key (PEM; the key in PKCS#8). */
        public Builder sslClientCert(Path cert, Path key) {
            sslCert = cert;
            sslKey = key;
            return this;
        }

        /** Uses PostgreSQL 17's direct TLS negotiation (ALPN {@code postgresql}) instead of SSLRequest. */
        public Builder directTls(boolean value) {
            directTls = value;
            return this;
        }

        /** Sets libpq's {@code channel_binding}. */
        public Builder channelBinding(ChannelBinding value) {
            channelBinding = value;
            return this;
        }

        /** Sets {@code application_name}. */
        public Builder applicationName(String value) {
            applicationName = value;
            return this;
        }

        /** Bounds connecting to one host. */
        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        /** Sets the default timeout of every query. */
        public Builder commandTimeout(Duration value) {
            commandTimeout = value;
            return this;
        }

        /** Sets the server command-line options ({@code -c key=value}). */
        public Builder options(String value) {
            options = value;
            return this;
        }

        /** Adds a run-time parameter for the startup message ({@code search_path}, {@code TimeZone}, ...). */
        public Builder serverSetting(String name, String value) {
            serverSettings.put(name, value);
            return this;
        }

        /** Sets how many named prepared statements are cached (0: unnamed only, for pgbouncer). */
        public Builder statementCacheSize(int value) {
            statementCacheSize = value;
            return this;
        }

        /** Sets how many queries may be in flight on the connection at once. */
        public Builder maxPipeline(int value) {
            maxPipeline = value;
            return this;
        }

        /** Sets the largest backend message accepted. */
        public Builder maxMessageSize(int value) {
            maxMessageSize = value;
            return this;
        }

        /** Sets how long a cancelled query may take to end before the connection is closed instead. */
        public Builder cancelGrace(Duration value) {
            cancelGrace = value;
            return this;
        }

        /** Sets which server is acceptable among several hosts. */
        public Builder targetSessionAttrs(TargetSessionAttrs value) {
            targetSessionAttrs = value;
            return this;
        }

        /** Sets libpq's {@code load_balance_hosts}: true for {@code random}, false (the default) for {@code disable}. */
        public Builder loadBalanceHosts(boolean value) {
            loadBalanceHosts = value;
            return this;
        }

        /** Sets the password file ({@code ~/.pgpass} by default), or null for none. */
        public Builder passFile(Path value) {
            passFile = value;
            return this;
        }

        /** Sets the codec registry (by default a fresh {@link CodecRegistry#create()} per build). */
        public Builder codecs(CodecRegistry value) {
            codecs = value;
            return this;
        }

        /** Validates and returns the options; the host defaults to {@code localhost}, the database to the user. */
        public PgConnectOptions build() {
            List<PgHost> h = hosts.isEmpty() ? List.of(new PgHost("localhost", DEFAULT_PORT)) : hosts;
            return new PgConnectOptions(h, user, password, database == null ? user : database, sslMode, sslRootCert,
                    sslCert, sslKey, directTls, channelBinding, applicationName, connectTimeout, commandTimeout, options,
                    serverSettings, statementCacheSize, maxPipeline, maxMessageSize, cancelGrace,
                    targetSessionAttrs, loadBalanceHosts, passFile, codecs == null ? CodecRegistry.create() : codecs);
        }

        private static Path defaultPassFile() {
            String home = System.getProperty("user.home");
            return home == null ? null : Path.of(home, ".pgpass");
        }
    }
}
