package dev.weft.pg.connection;

import dev.weft.core.Cancellation;
import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;
import dev.weft.pg.PgException;
import dev.weft.pg.PgHost;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.Row;
import dev.weft.pg.SslMode;
import dev.weft.pg.TargetSessionAttrs;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.protocol.FrontendMessages;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens sessions: TCP connect, TLS negotiation as {@code sslmode} says (SSLRequest, or direct TLS with
 * ALPN), startup and authentication. Hosts are tried in order (shuffled first with
 * {@code load_balance_hosts=random}); the first that works and matches {@code target_session_attrs} is used. Blocks the
 * calling thread; honours {@code connect_timeout} and the weft-core deadline (the socket is closed on
 * cancellation). Stateless and thread-safe.
 *
 * {@snippet :
 * PgConnection conn = Connector.connect(PgConnectOptions.parse("host=localhost dbname=app"));
 * }
 */
public final class Connector {
    private Connector() {
    }

    /** Connects to the first host of {@code options} that accepts the session. */
    public static PgConnection connect(PgConnectOptions options) {
        PgException last = null;
        // prefer-standby: a first pass for standbys only, then any server (as libpq does).
        List<TargetSessionAttrs> passes = options.targetSessionAttrs() == TargetSessionAttrs.PREFER_STANDBY
                ? List.of(TargetSessionAttrs.STANDBY, TargetSessionAttrs.ANY) : List.of(options.targetSessionAttrs());
        List<PgHost> hosts = options.hosts();
        if (options.loadBalanceHosts() && hosts.size() > 1) {
            // libpq's load_balance_hosts=random: one shuffle per connection, used by every pass.
            var shuffled = new ArrayList<>(hosts);
            Collections.shuffle(shuffled, ThreadLocalRandom.current());
            hosts = shuffled;
        }
        for (TargetSessionAttrs wanted : passes) {
            for (PgHost host : hosts) {
                try {
                    var connection = new RealPgConnection(connect(options, host), new SessionCaches(options.statementCacheSize()), null,
                            options.commandTimeout());
                    String mismatch = mismatch(wanted, connection);
                    if (mismatch == null) {
                        return connection;
                    }
                    connection.close();
                    throw PgException.of(ServerMessage.client("08001", "server " + host + " does not match target_session_attrs="
                            + wanted.name().toLowerCase(Locale.ROOT).replace('_', '-') + ": " + mismatch));
                } catch (PgException e) {
                    if (last != null) {
                        e.addSuppressed(last);
                    }
                    last = e;
                }
            }
        }
        throw last;
    }

    /**
     * Why the session does not fit {@code wanted}, or null when it does. PostgreSQL 14 and later report
     * {@code in_hot_standby} and {@code default_transaction_read_only} at startup; older servers are asked.
     */
    private static String mismatch(TargetSessionAttrs wanted, RealPgConnection connection) {
        if (wanted == TargetSessionAttrs.ANY) {
            return null;
        }
        String hotStandby = connection.parameter("in_hot_standby");
        String readOnlyDefault = connection.parameter("default_transaction_read_only");
        if (hotStandby == null || readOnlyDefault == null) {
            Row row = connection.queryOne("SELECT pg_is_in_recovery()::text, current_setting('default_transaction_read_only')");
            hotStandby = "true".equals(row.getString(0)) ? "on" : "off";
            readOnlyDefault = row.getString(1);
        }
        boolean standby = "on".equals(hotStandby);
        boolean readOnly = standby || "on".equals(readOnlyDefault);
        return switch (wanted) {
            case READ_WRITE -> readOnly ? "the session is read-only" : null;
            case READ_ONLY -> readOnly ? null : "the session is read-write";
            case PRIMARY -> standby ? "the server is a standby" : null;
            case STANDBY, PREFER_STANDBY -> standby ? null : "the server is not a standby";
            case ANY -> null;
        };
    }

    static Session connect(PgConnectOptions options, PgHost host) {
        return switch (options.sslMode()) {
            case DISABLE -> attempt(options, host, false);
            case ALLOW -> {
                try {
                    yield attempt(options, host, false);
                } catch (PgException e) {
                    // libpq's allow: only a refusal of the unencrypted session makes TLS worth a try.
                    if (!"28000".equals(e.sqlState())) {
                        throw e;
                    }
                    yield attempt(options, host, true);
                }
            }
            case PREFER -> {
                try {
                    yield attempt(options, host, true);
                } catch (PgException e) {
                    // libpq's prefer: a failed TLS handshake is retried in plain text.
                    if (!(e.getCause() instanceof SSLException)) {
                        throw e;
                    }
                    yield attempt(options, host, false);
                }
            }
            default -> attempt(options, host, true);
        };
    }

    @SuppressWarnings("try") // the registration only needs to be open around the blocking part
    private static Session attempt(PgConnectOptions options, PgHost host, boolean wantTls) {
        Cancellation.check();
        var socket = new Socket();
        try (var abort = Cancellation.onAbort(() -> closeQuietly(socket))) {
            int timeoutMillis = timeoutMillis(options.connectTimeout());
            socket.connect(new InetSocketAddress(host.host(), host.port()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            Socket transport = wantTls ? negotiateTls(socket, host, options) : socket;
            byte[] binding = transport instanceof SSLSocket ssl ? TlsSetup.serverEndPointHash(ssl) : null;
            String password = options.password() != null ? options.password()
                    : PgPass.lookup(options.passFile(), host.host(), host.port(), options.database(), options.user());
            var reader = new BackendReader(transport.getInputStream(), options.maxMessageSize());
            var startup = new Startup(options, password, binding, transport instanceof SSLSocket).run(reader, transport.getOutputStream());
            transport.setSoTimeout(0);
            var session = new Session(options, host, transport, reader, startup);
            session.start();
            return session;
        } catch (IOException e) {
            closeQuietly(socket);
            Cancellation.check();
            String kind = e instanceof SSLException ? "TLS handshake with " : "cannot connect to ";
            var error = PgException.of(ServerMessage.client("08001", kind + host + ": " + e.getMessage()));
            error.initCause(e);
            throw error;
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static Socket negotiateTls(Socket socket, PgHost host, PgConnectOptions options) throws IOException {
        if (options.directTls()) {
            if (options.sslMode().compareTo(SslMode.REQUIRE) < 0) {
                throw new IllegalArgumentException("sslnegotiation=direct needs sslmode require, verify-ca or verify-full, not "
                        + options.sslMode());
            }
            return TlsSetup.wrap(socket, host.host(), host.port(), options, true);
        }
        var request = new WriteBuffer(8);
        FrontendMessages.sslRequest(request);
        socket.getOutputStream().write(request.array(), 0, request.position());
        socket.getOutputStream().flush();
        int answer = socket.getInputStream().read();
        if (answer == 'S') {
            return TlsSetup.wrap(socket, host.host(), host.port(), options, false);
        }
        if (answer == 'N' && options.sslMode().compareTo(SslMode.PREFER) <= 0) {
            return socket;
        }
        String why = answer == 'N' ? "the server does not support TLS" : "unexpected answer " + answer + " to SSLRequest";
        throw PgException.of(ServerMessage.client("08001", "sslmode=" + options.sslMode().name().toLowerCase().replace('_', '-')
                + " but " + why + " (" + host + ")"));
    }

    private static int timeoutMillis(Duration connectTimeout) {
        long millis = connectTimeout == null ? 0 : connectTimeout.toMillis();
        var remaining = Cancellation.remaining();
        if (remaining.isPresent()) {
            long left = Math.max(1, remaining.get().toMillis());
            millis = millis == 0 ? left : Math.min(millis, left);
        }
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Used only to unblock or clean up; the caller reports the real error.
        }
    }
}
