package dev.weft.http.server.http1;

import dev.weft.core.Cancelled;
import dev.weft.core.CheckedRunnable;
import dev.weft.core.Event;
import dev.weft.core.Supervisor;
import dev.weft.core.Task;
import dev.weft.http.codec.CodecLimits;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;

/**
 * The one implementation of {@link HttpServer}: an accept loop that takes a connection permit after
 * each {@code accept} (refusing the connection when none is left), one virtual thread per connection,
 * a timeout sweeper, and graceful shutdown. It serves an {@link Application}, which the framework
 * provides.
 *
 * <p>Every thread it starts is a task of one of two weft-core supervisors that {@link #shutdown} closes:
 * {@code services} (the accept loop and the sweeper, which end only when cancelled) and
 * {@code connections} (connections, SSE heartbeats, and the closers of upgraded connections at
 * shutdown), which can drain, so that the graceful part of shutdown is {@code awaitIdle}.
 */
public final class Http1Server implements HttpServer {
    private static final System.Logger LOG = System.getLogger("dev.weft.http.server");
    private static final byte[] BUSY = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 34\r\nRetry-After: 1\r\nConnection: close\r\n\r\nserver busy: too many connections\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final Application app;
    private final ServerConfig config;
    private final CodecLimits limits;
    private final ServerSocketChannel listener;
    private final SocketAddress address;
    private final Semaphore permits;
    private final Set<Http1Connection> connections = ConcurrentHashMap.newKeySet();
    private final Set<Upgrade.Session> upgraded = ConcurrentHashMap.newKeySet();
    private final Supervisor services = Supervisor.open("weft-http-server");
    private final Supervisor connectionTasks = Supervisor.open("weft-http-connections");
    private final AtomicLong connectionCount = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Event stopped = Event.create();
    private volatile boolean running = true;

    private Http1Server(Application app, ServerConfig config, ServerSocketChannel listener) throws IOException {
        this.app = app;
        this.config = config;
        this.limits = new CodecLimits(config.maxRequestLineLength(), config.maxHeaderSize(), config.maxHeaderCount(),
                config.maxChunkLineLength());
        this.listener = listener;
        this.address = listener.getLocalAddress();
        this.permits = new Semaphore(config.maxConnections());
    }

    /** Starts {@code app}, then listens and serves it with {@code config}. */
    public static Http1Server start(Application app, ServerConfig config) {
        app.start();
        ServerSocketChannel channel = null;
        try {
            if (config.unixSocket() != null) {
                Files.deleteIfExists(config.unixSocket());
                channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                channel.bind(UnixDomainSocketAddress.of(config.unixSocket()), 1024);
            } else {
                channel = ServerSocketChannel.open();
                channel.bind(new InetSocketAddress(config.host(), config.port()), 1024);
            }
            var server = new Http1Server(app, config, channel);
            app.serving(server);
            server.services.spawn("weft-http-sweeper", new TimeoutSweeper(server.connections));
            server.services.spawn("weft-http-accept", server::acceptLoop);
            return server;
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            app.stop(new ArrayList<>());
            throw new UncheckedIOException("cannot listen on " + (config.unixSocket() != null
                    ? config.unixSocket() : config.host() + ":" + config.port()), e);
        }
    }

    /** Starts {@code app}, then serves it until a JVM shutdown hook (SIGTERM, SIGINT) or a cancellation stops it. */
    public static void run(Application app, ServerConfig config) {
        Http1Server server = start(app, config);
        Thread hook = new Thread(server::close, "weft-http-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.log(Level.INFO, "serving on " + server.address());
        try {
            server.awaitShutdown();
        } catch (Cancelled e) {
            server.close();
            throw e;
        }
    }

    Application app() {
        return app;
    }

    ServerConfig config() {
        return config;
    }

    CodecLimits limits() {
        return limits;
    }

    boolean running() {
        return running;
    }

    /** Runs {@code body} beside the connection that asks (an SSE heartbeat); shutdown cancels and joins it. */
    Task<Void> spawn(String name, CheckedRunnable body) {
        return connectionTasks.spawn(name, body);
    }

    /**
     * Accepts until shutdown. A connection above {@code maxConnections} is refused at once (a 503 on
     * plain HTTP, a bare close on TLS) instead of waiting in the backlog: a flood then costs a
     * file descriptor for microseconds, and a client learns straight away to come back later.
     */
    private void acceptLoop() {
        while (running) {
            SocketChannel socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!running || !listener.isOpen()) {
                    return;
                }
                LOG.log(Level.WARNING, "accept failed", e);
                continue;
            }
            if (!permits.tryAcquire()) {
                refuseBusy(socket);
                continue;
            }
            try {
                connectionTasks.spawn("weft-http-" + connectionCount.incrementAndGet(), () -> connection(socket));
            } catch (IllegalStateException shuttingDown) {
                closeQuietly(socket);
                permits.release();
                return;
            }
        }
    }

    /**
     * Answers a connection over the limit without ever blocking the accept loop: the socket is made
     * non-blocking, so a peer that advertises no window gets a partial answer or none; what it already
     * sent is read first, so that the close is a FIN rather than a reset that could destroy the answer.
     */
    private void refuseBusy(SocketChannel socket) {
        try {
            socket.configureBlocking(false);
            if (config.sslContext() == null) {
                socket.write(ByteBuffer.wrap(BUSY));
            }
            socket.read(ByteBuffer.allocate(4096));
            socket.shutdownOutput();
        } catch (IOException e) {
            // The refused client is gone already: closing is all that is left.
        } finally {
            closeQuietly(socket);
        }
    }

    /** Runs one connection; the {@code finally} releases everything the connection took. */
    private void connection(SocketChannel socket) {
        Http1Connection connection = null;
        try {
            Transport transport = config.sslContext() == null ? new ChannelTransport(socket) : tls(socket);
            connection = new Http1Connection(this, transport);
            connections.add(connection);
            if (running) {
                connection.serve();
            }
        } catch (IOException | RuntimeException e) {
            Http1Connection.logUnexpected(e);
        } finally {
            if (connection != null) {
                connections.remove(connection);
                connection.transport().close();
            } else {
                closeQuietly(socket);
            }
            permits.release();
        }
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Never served: nothing to report.
        }
    }

    private Transport tls(SocketChannel socket) throws IOException {
        var remote = (InetSocketAddress) socket.getRemoteAddress();
        var ssl = (SSLSocket) config.sslContext().getSocketFactory()
                .createSocket(socket.socket(), remote.getHostString(), remote.getPort(), true);
        ssl.setUseClientMode(false);
        return new TlsTransport(ssl);
    }

    void opened(Upgrade.Session session) {
        upgraded.add(session);
        if (!running) {
            goingAway(session);
        }
    }

    void closed(Upgrade.Session session) {
        upgraded.remove(session);
    }

    private void goingAway(Upgrade.Session session) {
        // A session may wait for its peer to end: one task each, so no peer delays another.
        try {
            connectionTasks.spawn("weft-http-going-away", session::goingAway);
        } catch (IllegalStateException closed) {
            // The drain is over: the connections, this session's included, are being cancelled.
        }
    }

    @Override
    public int port() {
        return address instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    @Override
    public SocketAddress address() {
        return address;
    }

    @Override
    public int openConnections() {
        return connections.size();
    }

    @Override
    public int openWebSockets() {
        // WebSocket is the only protocol the framework upgrades to.
        return upgraded.size();
    }

    @Override
    public void awaitShutdown() {
        stopped.await();
    }

    @Override
    public void close() {
        shutdown(config.shutdownGrace());
    }

    @Override
    public void shutdown(Duration grace) {
        if (!stopping.compareAndSet(false, true)) {
            stopped.await();
            return;
        }
        running = false;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the listener failed", e);
        }
        upgraded.forEach(this::goingAway);
        // One pass suffices: a connection that turns idle later sees that the server no longer runs.
        connections.forEach(Http1Connection::closeIfIdle);
        Cancelled gaveUp = null;
        try {
            connectionTasks.awaitIdle(grace);
        } catch (Cancelled e) {
            // The caller stopped waiting: what the grace period was for is forced now, and it learns why at the end.
            gaveUp = e;
        }
        connections.forEach(Http1Connection::forceClose);
        connectionTasks.close();
        services.close();
        List<Throwable> failures = new ArrayList<>();
        app.stop(failures);
        failures.forEach(f -> LOG.log(Level.ERROR, "shutdown hook failed", f));
        if (config.unixSocket() != null) {
            try {
                Files.deleteIfExists(config.unixSocket());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove " + config.unixSocket(), e);
            }
        }
        stopped.set();
        if (gaveUp != null) {
            throw gaveUp;
        }
    }
}
