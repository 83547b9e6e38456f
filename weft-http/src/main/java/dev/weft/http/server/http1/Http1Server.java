package dev.weft.http.server.http1;

import dev.weft.core.Cancelled;
import dev.weft.core.Event;
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
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSocket;

/**
 * The one implementation of {@link HttpServer}: an accept loop on a virtual thread that takes a
 * connection permit before each {@code accept}, one virtual thread per connection, a timeout
 * sweeper, and graceful shutdown. It serves an {@link Application}, which the framework provides.
 */
public final class Http1Server implements HttpServer {
    private static final System.Logger LOG = System.getLogger("dev.weft.http.server");

    private final Application app;
    private final ServerConfig config;
    private final CodecLimits limits;
    private final ServerSocketChannel listener;
    private final SocketAddress address;
    private final Semaphore permits;
    private final Set<Http1Connection> connections = ConcurrentHashMap.newKeySet();
    private final Set<Upgrade.Session> upgraded = ConcurrentHashMap.newKeySet();
    private final TimeoutSweeper sweeper = new TimeoutSweeper(connections);
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
            Thread.ofVirtual().name("weft-http-sweeper").start(server.sweeper);
            Thread.ofVirtual().name("weft-http-accept").start(server::acceptLoop);
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

    private void acceptLoop() {
        var counter = new java.util.concurrent.atomic.AtomicLong();
        while (running) {
            SocketChannel socket;
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                return;
            }
            try {
                socket = listener.accept();
            } catch (IOException e) {
                permits.release();
                if (!running || !listener.isOpen()) {
                    return;
                }
                LOG.log(Level.WARNING, "accept failed", e);
                continue;
            }
            Thread.ofVirtual().name("weft-http-" + counter.incrementAndGet()).start(() -> connection(socket));
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
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Never served: nothing to report.
                }
            }
            permits.release();
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

    private static void goingAway(Upgrade.Session session) {
        // A session may wait for its peer to end: one virtual thread each, so no peer delays another.
        Thread.ofVirtual().name("weft-http-going-away").start(session::goingAway);
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
        // The accept loop may wait for a permit rather than in accept(): give it one to notice.
        permits.release();
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the listener failed", e);
        }
        upgraded.forEach(Http1Server::goingAway);
        long deadline = System.nanoTime() + grace.toNanos();
        while (!connections.isEmpty() && System.nanoTime() - deadline < 0) {
            connections.forEach(Http1Connection::closeIfIdle);
            LockSupport.parkNanos(10_000_000L);
        }
        connections.forEach(Http1Connection::forceClose);
        long forced = System.nanoTime() + 1_000_000_000L;
        while (!connections.isEmpty() && System.nanoTime() - forced < 0) {
            LockSupport.parkNanos(5_000_000L);
        }
        sweeper.stop();
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
    }
}
