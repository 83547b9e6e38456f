package dev.weft.bench.pg;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A {@link PgClient} for blocking drivers: one thread per worker (virtual, or platform for the
 * thread-per-request style pgjdbc is usually run in), each with its own {@link Session} (its own
 * connection, or a handle on a shared connection or pool).
 */
final class SessionClient implements PgClient {

    /** One worker's blocking handle on the database; used by one thread only. */
    interface Session extends AutoCloseable {
        /** Runs the point query for {@code id} and returns {@code randomnumber}. */
        int pointQuery(int id);

        /** Reads every row of {@code mixed}, decoding every column, and returns the number of rows. */
        int readMixed();

        @Override
        void close();
    }

    private final List<Session> sessions;
    private final Runnable closeShared;
    private final ThreadFactory threads;

    private SessionClient(List<Session> sessions, Runnable closeShared, ThreadFactory threads) {
        this.sessions = sessions;
        this.closeShared = closeShared;
        this.threads = threads;
    }

    /** {@link #open(int, Supplier, Runnable, ThreadFactory)} with one virtual thread per worker. */
    static SessionClient open(int workers, Supplier<Session> opener, Runnable closeShared) {
        return open(workers, opener, closeShared, Thread.ofVirtual().factory());
    }

    /**
     * Opens {@code workers} sessions with {@code opener}, to be driven by threads from {@code threads};
     * {@code closeShared} releases what the sessions share (a pool or a connection) after they are
     * closed, and also when opening fails part way.
     */
    static SessionClient open(int workers, Supplier<Session> opener, Runnable closeShared, ThreadFactory threads) {
        var sessions = new ArrayList<Session>();
        var client = new SessionClient(sessions, closeShared, threads);
        try {
            for (int i = 0; i < workers; i++) {
                sessions.add(opener.get());
            }
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    @Override
    public long run(boolean rows, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        var workers = new ArrayList<Callable<Long>>();
        for (var session : sessions) {
            workers.add(() -> {
                var random = ThreadLocalRandom.current();
                long done = 0;
                while (System.nanoTime() < end) {
                    if (rows) {
                        done += session.readMixed();
                    } else {
                        int value = session.pointQuery(random.nextInt(1, BenchDatabase.WORLD_ROWS + 1));
                        if (value <= 0) {
                            throw new IllegalStateException("randomnumber out of range: " + value);
                        }
                        done++;
                    }
                }
                return done;
            });
        }
        try (var executor = Executors.newThreadPerTaskExecutor(threads)) {
            long total = 0;
            for (Future<Long> worker : executor.invokeAll(workers)) {
                total += worker.get();
            }
            return total;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a worker failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while driving the workers", e);
        }
    }

    @Override
    public void close() {
        try {
            sessions.forEach(Session::close);
        } finally {
            closeShared.run();
        }
    }
}
