package dev.weft.bench.pg;

import dev.weft.core.Task;
import dev.weft.core.TaskGroup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A {@link PgClient} for blocking drivers: one virtual thread per worker, each with its own
 * {@link Session} (its own connection, or a handle on a shared connection or pool).
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

    private SessionClient(List<Session> sessions, Runnable closeShared) {
        this.sessions = sessions;
        this.closeShared = closeShared;
    }

    /**
     * Opens {@code workers} sessions with {@code opener}; {@code closeShared} releases what they share
     * (a pool or a connection) after they are closed, and also when opening fails part way.
     */
    static SessionClient open(int workers, Supplier<Session> opener, Runnable closeShared) {
        var sessions = new ArrayList<Session>();
        var client = new SessionClient(sessions, closeShared);
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
        var tasks = new ArrayList<Task<Long>>();
        try (var group = TaskGroup.open()) {
            for (var session : sessions) {
                tasks.add(group.spawn(() -> {
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
                }));
            }
            group.join();
        }
        return tasks.stream().mapToLong(Task::join).sum();
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
