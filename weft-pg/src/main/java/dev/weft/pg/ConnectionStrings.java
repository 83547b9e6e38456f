package dev.weft.pg;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses libpq connection strings (URIs and keyword/value strings) with {@code PG*} environment
 * variables as fallbacks. Messages about bad input never repeat the password.
 */
final class ConnectionStrings {
    private static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("PGHOST", "host"), Map.entry("PGPORT", "port"), Map.entry("PGUSER", "user"),
            Map.entry("PGPASSWORD", "password"), Map.entry("PGDATABASE", "dbname"),
            Map.entry("PGSSLMODE", "sslmode"), Map.entry("PGSSLROOTCERT", "sslrootcert"),
            Map.entry("PGSSLCERT", "sslcert"), Map.entry("PGSSLKEY", "sslkey"),
            Map.entry("PGSSLNEGOTIATION", "sslnegotiation"), Map.entry("PGAPPNAME", "application_name"),
            Map.entry("PGCONNECT_TIMEOUT", "connect_timeout"), Map.entry("PGOPTIONS", "options"),
            Map.entry("PGTARGETSESSIONATTRS", "target_session_attrs"), Map.entry("PGPASSFILE", "passfile"),
            Map.entry("PGLOADBALANCEHOSTS", "load_balance_hosts"));

    private ConnectionStrings() {
    }

    static PgConnectOptions parse(String dsn, Map<String, String> env) {
        if (dsn == null) {
            throw new IllegalArgumentException("connection string is null");
        }
        var values = new LinkedHashMap<String, String>();
        ENVIRONMENT.forEach((variable, key) -> {
            String v = env.get(variable);
            if (v != null && !v.isEmpty()) {
                values.put(key, v);
            }
        });
        String trimmed = dsn.strip();
        if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
            values.putAll(parseUri(trimmed));
        } else {
            values.putAll(parseKeywords(trimmed));
        }
        return apply(values);
    }

    private static PgConnectOptions apply(Map<String, String> values) {
        var b = PgConnectOptions.builder();
        String hostList = values.remove("host");
        String portList = values.remove("port");
        b.hosts(hosts(hostList == null ? "localhost" : hostList, portList));
        for (var e : values.entrySet()) {
            String key = e.getKey();
            String v = e.getValue();
            switch (key) {
                case "user" -> b.user(v);
                case "password" -> b.password(v);
                case "dbname" -> b.database(v);
                case "sslmode" -> b.sslMode(SslMode.parse(v));
                case "sslrootcert" -> b.sslRootCert(Path.of(v));
                case "sslcert" -> b.sslClientCert(Path.of(v), values.containsKey("sslkey") ? Path.of(values.get("sslkey")) : null);
                case "sslkey" -> { /* taken together with sslcert */ }
                case "sslnegotiation" -> b.directTls(switch (v) {
                    case "direct" -> true;
                    case "postgres" -> false;
                    default -> throw new IllegalArgumentException("invalid sslnegotiation: " + v + " (expected postgres or direct)");
                });
                case "channel_binding" -> b.channelBinding(ChannelBinding.parse(v));
                case "application_name" -> b.applicationName(v);
                case "fallback_application_name" -> {
                    if (!values.containsKey("application_name")) {
                        b.applicationName(v);
                    }
                }
                case "client_encoding" -> {
                    if (!v.equalsIgnoreCase("UTF8") && !v.equalsIgnoreCase("UTF-8")) {
                        throw new IllegalArgumentException("client_encoding must be UTF8 (the driver decodes text as UTF-8): " + v);
                    }
                }
                case "gssencmode" -> {
                    if (v.equals("require")) {
                        throw new IllegalArgumentException("gssencmode=require: GSSAPI encryption is not supported");
                    }
                }
                case "load_balance_hosts" -> b.loadBalanceHosts(switch (v) {
                    case "disable" -> false;
                    case "random" -> true;
                    default -> throw new IllegalArgumentException("invalid load_balance_hosts: " + v + " (disable or random)");
                });
                // Socket and TLS tuning that libpq offers and the JDK handles by itself: accepted, no effect.
                case "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
                     "sslcompression", "sslsni" -> { }
                case "hostaddr", "service", "servicefile", "requirepeer", "krbsrvname", "gsslib", "gssdelegation",
                     "sslpassword", "sslcrl", "sslcrldir", "ssl_min_protocol_version", "ssl_max_protocol_version",
                     "require_auth", "sslcertmode", "replication" ->
                        throw new IllegalArgumentException("connection option " + key + " is not supported");
                case "connect_timeout" -> b.connectTimeout(seconds(key, v));
                case "command_timeout" -> b.commandTimeout(seconds(key, v));
                case "options" -> b.options(v);
                case "statement_cache_size" -> b.statementCacheSize(integer(key, v));
                case "max_pipeline" -> b.maxPipeline(integer(key, v));
                case "max_message_size" -> b.maxMessageSize(integer(key, v));
                case "target_session_attrs" -> b.targetSessionAttrs(TargetSessionAttrs.parse(v));
                case "passfile" -> b.passFile(Path.of(v));
                // Like asyncpg, any other key is a server setting; the server rejects unknown ones by name.
                default -> b.serverSetting(key, v);
            }
        }
        return b.build();
    }

    static List<PgHost> hosts(String hostList, String portList) {
        String[] hostNames = hostList.split(",", -1);
        String[] ports = portList == null ? new String[0] : portList.split(",", -1);
        if (ports.length > 1 && ports.length != hostNames.length) {
            throw new IllegalArgumentException("got " + hostNames.length + " hosts but " + ports.length + " ports");
        }
        var result = new ArrayList<PgHost>();
        for (int i = 0; i < hostNames.length; i++) {
            String name = hostNames[i].strip();
            String port = ports.length == 0 ? "" : ports[ports.length == 1 ? 0 : i].strip();
            result.add(new PgHost(name.isEmpty() ? "localhost" : name, port.isEmpty() ? PgConnectOptions.DEFAULT_PORT : integer("port", port)));
        }
        return result;
    }

    private static Map<String, String> parseUri(String uri) {
        var values = new LinkedHashMap<String, String>();
        String rest = uri.substring(uri.indexOf("://") + 3);
        int queryAt = rest.indexOf('?');
        if (queryAt >= 0) {
            for (String pair : rest.substring(queryAt + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("invalid URI query parameter: " + safe(pair));
                }
                values.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
            rest = rest.substring(0, queryAt);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        if (slash >= 0 && slash + 1 < rest.length()) {
            values.putIfAbsent("dbname", decode(rest.substring(slash + 1)));
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            if (!user.isEmpty()) {
                values.putIfAbsent("user", decode(user));
            }
            if (colon >= 0) {
                values.putIfAbsent("password", decode(userInfo.substring(colon + 1)));
            }
        }
        if (!authority.isEmpty()) {
            var hostNames = new ArrayList<String>();
            var ports = new ArrayList<String>();
            for (String hostPort : authority.split(",")) {
                splitHostPort(hostPort, hostNames, ports);
            }
            values.putIfAbsent("host", String.join(",", hostNames));
            if (ports.stream().anyMatch(p -> !p.isEmpty())) {
                values.putIfAbsent("port", String.join(",", ports));
            }
        }
        return values;
    }

    private static void splitHostPort(String hostPort, List<String> hostNames, List<String> ports) {
        String host = hostPort;
        String port = "";
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unterminated IPv6 address in URI: " + hostPort);
            }
            host = hostPort.substring(1, close);
            if (close + 1 < hostPort.length()) {
                if (hostPort.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("unexpected text after IPv6 address: " + hostPort);
                }
                port = hostPort.substring(close + 2);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                host = hostPort.substring(0, colon);
                port = hostPort.substring(colon + 1);
            }
        }
        hostNames.add(decode(host));
        ports.add(port);
    }

    private static Map<String, String> parseKeywords(String text) {
        var values = new LinkedHashMap<String, String>();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return values;
            }
            int keyStart = i;
            while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String key = text.substring(keyStart, i).toLowerCase(Locale.ROOT);
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n || text.charAt(i) != '=' || key.isEmpty()) {
                // The position, not the text: a malformed string may hold a password.
                throw new IllegalArgumentException("missing \"=\" after the keyword at position " + keyStart + " of the connection string");
            }
            i++;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            var value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unterminated quoted value for \"" + key + "\" in the connection string");
                    }
                    char c = text.charAt(i++);
                    if (c == '\'') {
                        break;
                    }
                    if (c == '\\' && i < n) {
                        c = text.charAt(i++);
                    }
                    value.append(c);
                }
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        c = text.charAt(i++);
                    }
                    value.append(c);
                }
            }
            values.put(key, value.toString());
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // URLDecoder quotes the bad text, which may be part of a password.
            throw new IllegalArgumentException("invalid percent-encoding in the connection URI");
        }
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid integer for " + key + ": " + value);
        }
    }

    private static Duration seconds(String key, String value) {
        try {
            double s = Double.parseDouble(value.strip());
            return s <= 0 ? null : Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid number of seconds for " + key + ": " + value);
        }
    }

    // A URI query pair may be the password; never echo it.
    private static String safe(String pair) {
        return pair.toLowerCase(Locale.ROOT).startsWith("password") ? "password=***" : pair;
    }
}
