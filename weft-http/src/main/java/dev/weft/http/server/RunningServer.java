package dev.weft.http.server;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import dev.weft.http.websocket.WebSocketSession;
import javax.net.ssl.SSLSocket;

/**
 * The one implementation of {@link HttpServer}: an accept loop on a virtual thread that takes a
 * connection permit before each {@code accept}, one virtual thread per connection, a timeout
 * sweeper, and graceful shutdown.
 */
final class RunningServer implements HttpServer {
    private static final System.Logger LOG = System.getLogger("dev.weft.http.server");

    private final WebApp app;
    private final ServerConfig config;
    private final ServerSocketChannel listener;
    private final SocketAddress address;
    private final Semaphore permits;
    private final Set<Http1Connection> connections = ConcurrentHashMap.newKeySet();
    private final Set<WebSocketSession> sockets = ConcurrentHashMap.newKeySet();
    private final TimeoutSweeper sweeper = new TimeoutSweeper(connections);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    private RunningServer(WebApp app, ServerConfig config, ServerSocketChannel listener) throws IOException {
        this.app = app;
        this.config = config;
        this.listener = listener;
        this.address = listener.getLocalAddress();
        this.permits = new Semaphore(config.maxConnections());
    }

    static RunningServer start(WebApp app, ServerConfig config) {
        app.freeze();
        try {
            app.startup();
        } catch (Exception e) {
            List<Throwable> failures = new ArrayList<>();
            app.shutdown(failures);
            failures.forEach(e::addSuppressed);
            throw new IllegalStateException("application startup failed", e);
        }
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
            var server = new RunningServer(app, config, channel);
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
            app.shutdown(new ArrayList<>());
            throw new UncheckedIOException("cannot listen on " + (config.unixSocket() != null
                    ? config.unixSocket() : config.host() + ":" + config.port()), e);
        }
    }

    static void run(WebApp app, ServerConfig config) {
        RunningServer server = start(app, config);
        Thread hook = new Thread(server::close, "weft-http-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.log(Level.INFO, "serving on " + server.address());
        try {
            server.awaitShutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
    }

    ServerConfig config() {
        return config;
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

    void opened(WebSocketSession session) {
        sockets.add(session);
        if (!running) {
            goingAway(session);
        }
    }

    void closed(WebSocketSession session) {
        sockets.remove(session);
    }

    private static void goingAway(WebSocketSession session) {
        // close() waits for the peer's close frame: one virtual thread each, so no peer delays another.
        Thread.ofVirtual().name("weft-websocket-shutdown").start(() -> session.close(1001, "server shutting down"));
    }

    /** Runs the app for one request; failures become problem responses. */
    Response dispatch(ServerRequest request) {
        try {
            Response response = app.handle(request);
            if (response == null) {
                throw new IllegalStateException("handler returned null for " + request.method() + " " + request.target());
            }
            return response;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError e) {
                throw e;
            }
            return Problems.response(t, request);
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
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        shutdown(config.shutdownGrace());
    }

    @Override
    public void shutdown(Duration grace) {
        if (!stopping.compareAndSet(false, true)) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
        sockets.forEach(RunningServer::goingAway);
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
        app.shutdown(failures);
        failures.forEach(f -> LOG.log(Level.ERROR, "shutdown hook failed", f));
        if (config.unixSocket() != null) {
            try {
                Files.deleteIfExists(config.unixSocket());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove " + config.unixSocket(), e);
            }
        }
        stopped.countDown();
    }
}
