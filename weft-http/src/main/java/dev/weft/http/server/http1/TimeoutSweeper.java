package dev.weft.http.server.http1;

import dev.weft.core.CheckedRunnable;
import java.time.Duration;
import java.util.Set;

/**
 * Enforces every connection's read and write deadlines from one virtual thread that wakes a few times
 * a second. A blocked socket call cannot time out by itself on every transport (Unix sockets, TLS),
 * and one sweep costs far less than a timer per read; the price is up to one tick of lateness.
 */
final class TimeoutSweeper implements CheckedRunnable {
    static final long TICK_NANOS = 100_000_000L;

    private final Set<Http1Connection> connections;

    TimeoutSweeper(Set<Http1Connection> connections) {
        this.connections = connections;
    }

    /** Sweeps until the server's supervisor cancels it, which interrupts the sleep. */
    @Override
    public void run() throws InterruptedException {
        while (true) {
            Thread.sleep(Duration.ofNanos(TICK_NANOS));
            long now = System.nanoTime();
            for (Http1Connection connection : connections) {
                connection.checkDeadlines(now);
            }
        }
    }
}
