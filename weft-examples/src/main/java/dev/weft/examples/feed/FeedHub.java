package dev.weft.examples.feed;

import dev.weft.core.ChannelClosed;
import dev.weft.core.Supervisor;
import dev.weft.pg.pool.NotificationHandler;
import dev.weft.pg.pool.PgPool;
import dev.weft.pg.pool.Subscription;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One instance's view of the change log: a single {@code LISTEN user_changes} (through the pool's shared
 * LISTEN connection), fanned out to every connected client. On each notification the hub reads the
 * change-log rows after its {@link FeedStatistics#position() position} and offers each to every client's
 * bounded queue; a client whose queue is full is dropped rather than waited for. When the LISTEN
 * connection was lost (or fell behind), the pool reports a gap and the hub reads the rows it missed the
 * same way, so a notification lost in between costs nothing. Every instance on the database runs its own
 * hub and so sees every change. Thread-safe.
 *
 * {@snippet :
 * try (FeedHub hub = FeedHub.open(pool, FeedConfig.defaults())) {
 *     server.awaitShutdown();
 * }
 * }
 */
public final class FeedHub implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FeedHub.class.getName());

    private final PgPool db;
    private final FeedConfig config;
    // Registration and fan-out under one lock: a client joins exactly at `position`, so that it gets
    // every later change from its queue and every earlier one (if it asks) from the table.
    private final ReentrantLock fanOut = new ReentrantLock();
    private final Set<FeedClient> clients = new LinkedHashSet<>();
    private volatile long position;
    private boolean closed;
    // One reader of the table at a time: a notification and a gap may arrive together.
    private final ReentrantLock catchUp = new ReentrantLock();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    // Runs what a drop must do without blocking the fan-out (closing a WebSocket waits for its peer).
    private final Supervisor droppers = Supervisor.open("weft-feed-drop");
    private volatile Subscription subscription;

    private FeedHub(PgPool db, FeedConfig config) {
        this.db = db;
        this.config = config;
    }

    /** Starts listening on {@code db}: from the change log's current end, every later change is fanned out. */
    public static FeedHub open(PgPool db, FeedConfig config) {
        var hub = new FeedHub(db, config);
        try {
            hub.position = ChangeLog.head(db);
            hub.subscription = db.listen(ChangeLog.CHANNEL, NotificationHandler.of(n -> hub.catchUp(), gap -> {
                hub.gaps.incrementAndGet();
                hub.catchUp();
            }));
            hub.catchUp(); // what committed between reading the head and LISTEN
            return hub;
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    /** The hub's counters now. */
    public FeedStatistics statistics() {
        fanOut.lock();
        try {
            return new FeedStatistics(position, clients.size(), dropped.get(), gaps.get());
        } finally {
            fanOut.unlock();
        }
    }

    /** Registers a client at the current position; {@code onDrop} runs on a task of the hub's if it is dropped. */
    FeedClient subscribe(Consumer<String> onDrop) {
        fanOut.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the feed is closed");
            }
            var client = new FeedClient(this, config.queueCapacity(), position, onDrop);
            clients.add(client);
            return client;
        } finally {
            fanOut.unlock();
        }
    }

    void remove(FeedClient client) {
        fanOut.lock();
        try {
            clients.remove(client);
        } finally {
            fanOut.unlock();
        }
    }

    /**
     * Feeds {@code client} until it leaves, is dropped or the hub closes: a ready message, then the changes
     * after {@code after} (its {@code Last-Event-ID}; negative for "from now") that came before it joined,
     * read from the table in batches, then its queue. Runs on the client's own thread.
     */
    void stream(FeedClient client, long after, FeedSink sink) {
        long last = after < 0 ? client.start() : after;
        sink.ready(last);
        while (last < client.start()) {
            List<FeedEvent> batch = ChangeLog.between(db, last, client.start(), config.replayBatch());
            if (batch.isEmpty()) {
                break;
            }
            for (FeedEvent event : batch) {
                sink.send(event);
                last = event.id();
            }
        }
        while (sink.isOpen()) {
            Optional<FeedEvent> next;
            try {
                next = client.next(config.pollInterval());
            } catch (ChannelClosed ended) {
                if (client.dropReason() != null) {
                    sink.dropped(client.dropReason());
                }
                return;
            }
            // A client resuming from an id this instance has not reached yet already has what comes up to it.
            if (next.isPresent() && next.get().id() > last) {
                sink.send(next.get());
                last = next.get().id();
            }
        }
    }

    /** Reads the rows after the position and fans them out, until the table has no more. */
    private void catchUp() {
        catchUp.lock();
        try {
            List<FeedEvent> batch;
            do {
                batch = ChangeLog.between(db, position, Long.MAX_VALUE, config.replayBatch());
                fanOut(batch);
            } while (batch.size() == config.replayBatch());
        } catch (RuntimeException e) {
            // The next notification or gap reads again from the same position: nothing is skipped.
            LOG.log(Level.WARNING, "reading the change log after " + position + " failed", e);
        } finally {
            catchUp.unlock();
        }
    }

    private void fanOut(List<FeedEvent> batch) {
        List<FeedClient> tooSlow = new ArrayList<>();
        fanOut.lock();
        try {
            if (closed) {
                return;
            }
            for (FeedEvent event : batch) {
                for (FeedClient client : clients) {
                    if (!client.offer(event)) {
                        tooSlow.add(client);
                    }
                }
                clients.removeAll(tooSlow);
                position = event.id();
            }
        } finally {
            fanOut.unlock();
        }
        String reason = "too slow: more than " + config.queueCapacity() + " changes waiting";
        for (FeedClient client : tooSlow) {
            dropped.incrementAndGet();
            try {
                droppers.spawn("weft-feed-drop", () -> client.drop(reason));
            } catch (IllegalStateException closing) {
                client.end(); // the hub closed meanwhile: every client's stream ends anyway
            }
        }
    }

    /** Stops listening and ends every client's stream (they see the end at their next look). Idempotent. */
    @Override
    public void close() {
        Subscription listening = subscription;
        if (listening != null) {
            listening.close();
        }
        List<FeedClient> left;
        fanOut.lock();
        try {
            closed = true;
            left = List.copyOf(clients);
            clients.clear();
        } finally {
            fanOut.unlock();
        }
        left.forEach(FeedClient::end);
        droppers.close();
    }
}
