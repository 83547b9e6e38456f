package dev.weft.examples.ops;

import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.http.server.HttpServer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * The demo's one shutdown sequence, in the order that loses nothing: stop accepting, let requests in
 * flight finish (bounded by the grace period), close WebSockets with 1001, close the database pool (the
 * app's cleanup, which the server runs last), and only then stop the embedded PostgreSQL. It is the only
 * thing that reacts to SIGTERM and SIGINT: the JVM would otherwise run every shutdown hook at once (the
 * embedded server's among them) and exit with status 143 rather than 0. A second signal stops the JVM at
 * once. Thread-safe; {@link #run} runs the sequence once, later callers wait for it.
 *
 * {@snippet :
 * var shutdown = new OrderedShutdown(server, embedded, Duration.ofSeconds(10));
 * shutdown.handleSignals();
 * server.awaitShutdown();
 * shutdown.awaitDone();
 * }
 */
public final class OrderedShutdown {
    private static final System.Logger LOG = System.getLogger("dev.weft.examples");

    private final HttpServer server;
    private final EmbeddedPostgres embedded;
    private final Duration grace;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicInteger signals = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);

    /** The sequence for {@code server} and, when not null, the {@code embedded} server it uses. */
    public OrderedShutdown(HttpServer server, EmbeddedPostgres embedded, Duration grace) {
        this.server = server;
        this.embedded = embedded;
        this.grace = grace;
    }

    /**
     * Runs the sequence on SIGTERM and SIGINT (on a thread of its own: a signal handler must return),
     * and as a JVM shutdown hook for any other way out (the hook finds it done, or does it).
     */
    public void handleSignals() {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), this::signalled);
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("weft-demo-exit").unstarted(() -> run("JVM exit")));
    }

    private void signalled(Signal signal) {
        if (signals.getAndIncrement() == 0) {
            Thread.ofPlatform().name("weft-demo-shutdown").start(() -> run("SIG" + signal.getName()));
        } else {
            LOG.log(Level.WARNING, "SIG" + signal.getName() + " again: stopping at once");
            Runtime.getRuntime().halt(128 + signal.getNumber()); // the embedded server's watchdog sees the JVM go
        }
    }

    /** Runs the sequence, or waits for the run already under way; {@code reason} goes to the log. */
    public void run(String reason) {
        if (!started.compareAndSet(false, true)) {
            awaitDone();
            return;
        }
        long start = System.nanoTime();
        try {
            LOG.log(Level.INFO, "shutting down (" + reason + "): no longer accepting connections; waiting up to "
                    + grace.toSeconds() + " s for " + server.openConnections() + " open connection(s), then closing"
                    + " WebSockets (1001) and the database pool" + (embedded != null ? ", then the embedded PostgreSQL" : ""));
            server.shutdown(grace);
            if (embedded != null) {
                LOG.log(Level.INFO, "stopping the embedded PostgreSQL");
                embedded.close();
            }
            LOG.log(Level.INFO, "shutdown complete in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } finally {
            done.countDown();
        }
    }

    /** Blocks until a started sequence is done; returns at once if none started. */
    public void awaitDone() {
        if (!started.get()) {
            return;
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
