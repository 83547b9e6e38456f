package dev.weft.http.server.http1;

import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces every connection's read and write deadlines from one virtual thread that wakes a few times
 * a second. A blocked socket call cannot time out by itself on every transport (Unix sockets, TLS),
 * and one sweep costs far less than a timer per read; the price is up to one tick of lateness.
 */
final class TimeoutSweeper implements Runnable {
    static final long TICK_NANOS = 100_000_000L;

    private final Set<Http1Connection> connections;
    private volatile boolean running = true;

    TimeoutSweeper(Set<Http1Connection> connections) {
        this.connections = connections;
    }

    @Override
    public void run() {
        while (running) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (Http1Connection connection : connections) {
                connection.checkDeadlines(now);
            }
        }
    }

    void stop() {
        running = false;
    }
}
