package dev.weft.pg.pool;

import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.Notification;
import dev.weft.pg.PgConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgPoolListenTest extends PoolTest {
    private static final PgPoolConfig.ListenConfig FAST = new PgPoolConfig.ListenConfig(Duration.ofMillis(20),
            Duration.ofMillis(200), Duration.ofSeconds(30), 100);

    private final List<PgConnection> opened = new CopyOnWriteArrayList<>();

    PgPoolListenTest(TestDatabase db) {
        super(db);
    }

    /** A pool whose connections are recorded, so a test can reach the LISTEN session (the one opened by listen). */
    private PgPool pool(String app, Consumer<PgPoolConfig.Builder> more) {
        return Pools.open(db, app, cfg -> {
            cfg.minSize(1).maxSize(2).listen(FAST).connect(options -> {
                PgConnection c = PgConnection.connect(options);
                opened.add(c);
                return c;
            });
            more.accept(cfg);
        });
    }

    private static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(5, TimeUnit.SECONDS);
        assertThat(value).as("nothing arrived within 5 s").isNotNull();
        return value;
    }

    @Test
    void deliversNotificationsToEveryHandlerOfTheChannel() throws InterruptedException {
        try (var pool = pool("listen_deliver", cfg -> { })) {
            var first = new LinkedBlockingQueue<Notification>();
            var second = new LinkedBlockingQueue<Notification>();
            pool.listen("events", first::add);
            pool.listen("events", second::add);
            pool.sendNotification("events", "hello");
            db.execute("NOTIFY events, 'from elsewhere'");
            assertThat(next(first).payload()).isEqualTo("hello");
            assertThat(next(first).payload()).isEqualTo("from elsewhere");
            Notification n = next(second);
            assertThat(n.channel()).isEqualTo("events");
            assertThat(n.payload()).isEqualTo("hello");
            assertThat(n.processId()).isPositive();
        }
    }

    @Test
    void channelNamesAreQuotedIdentifiersAndValidated() throws InterruptedException {
        db.execute("CREATE TABLE listen_victim (id int)");
        try (var pool = pool("listen_quote", cfg -> { })) {
            String odd = "Mixed \"Case\"; DROP TABLE listen_victim; --";
            var got = new LinkedBlockingQueue<Notification>();
            pool.listen(odd, got::add);
            pool.sendNotification(odd, "still here");
            Notification n = next(got);
            assertThat(n.channel()).isEqualTo(odd);
            assertThat(n.payload()).isEqualTo("still here");
            assertThat(pool.queryValue(Long.class, "SELECT count(*) FROM listen_victim")).isZero();

            assertThatThrownBy(() -> pool.listen("", x -> { })).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pool.listen("x".repeat(64), x -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 63 bytes (64)");
            assertThatThrownBy(() -> pool.sendNotification("é".repeat(32), "p")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void unlistenStopsDeliveryOnlyWhenTheLastSubscriptionCloses() throws InterruptedException {
        try (var pool = pool("listen_unlisten", cfg -> cfg.minSize(0))) {
            var kept = new LinkedBlockingQueue<Notification>();
            var dropped = new LinkedBlockingQueue<Notification>();
            Subscription one = pool.listen("jobs", kept::add);
            Subscription two = pool.listen("jobs", dropped::add);
            PgConnection session = opened.getLast(); // minSize 0: the only connection so far is the LISTEN one
            assertThat(channels(session)).containsExactly("jobs");

            two.close();
            assertThat(two.isActive()).isFalse();
            assertThat(channels(session)).containsExactly("jobs");
            pool.sendNotification("jobs", "1");
            assertThat(next(kept).payload()).isEqualTo("1");
            assertThat(dropped).isEmpty();

            one.close();
            one.close(); // idempotent
            assertThat(channels(session)).isEmpty();
        }
    }

    private static List<String> channels(PgConnection session) {
        return session.query("SELECT pg_listening_channels()").stream().map(r -> r.getString(0)).toList();
    }

    @Test
    void slowHandlerDoesNotBlockOtherHandlers() throws InterruptedException {
        try (var pool = pool("listen_slow", cfg -> { })) {
            var release = new CountDownLatch(1);
            var slow = new LinkedBlockingQueue<String>();
            var fast = new LinkedBlockingQueue<String>();
            pool.listen("ticks", n -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                slow.add(n.payload());
            });
            pool.listen("ticks", n -> fast.add(n.payload()));
            for (int i = 0; i < 5; i++) {
                pool.sendNotification("ticks", "t" + i);
            }
            for (int i = 0; i < 5; i++) {
                assertThat(next(fast)).isEqualTo("t" + i);
            }
            assertThat(slow).isEmpty();
            release.countDown();
            for (int i = 0; i < 5; i++) {
                assertThat(next(slow)).isEqualTo("t" + i);
            }
        }
    }

    @Test
    void reconnectsAfterTheBackendIsTerminatedAndReportsTheGap() throws InterruptedException {
        try (var pool = pool("listen_reconnect", cfg -> cfg.minSize(0))) {
            var notes = new LinkedBlockingQueue<Notification>();
            var gaps = new LinkedBlockingQueue<ListenGap>();
            pool.listen("feed", NotificationHandler.of(notes::add, gaps::add));
            PgConnection session = opened.getLast();
            pool.sendNotification("feed", "before");
            assertThat(next(notes).payload()).isEqualTo("before");

            Pools.terminateBackend(db, session.processId());
            ListenGap gap = next(gaps);
            assertThat(gap.channel()).isEqualTo("feed");
            assertThat(gap.reason()).isEqualTo(ListenGap.Reason.CONNECTION_LOST);
            assertThat(gap.to()).isAfterOrEqualTo(gap.from());

            PgConnection fresh = opened.getLast();
            assertThat(fresh.processId()).isNotEqualTo(session.processId());
            assertThat(channels(fresh)).containsExactly("feed");
            pool.sendNotification("feed", "after");
            assertThat(next(notes).payload()).isEqualTo("after");
            assertThat(gaps).isEmpty();
        }
        assertThat(Pools.eventually(Duration.ofSeconds(5), () -> Pools.backends(db, "listen_reconnect") == 0)).isTrue();
    }

    @Test
    void handlerThatFallsBehindIsToldAboutDroppedNotifications() throws InterruptedException {
        var small = new PgPoolConfig.ListenConfig(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30), 2);
        try (var pool = pool("listen_overflow", cfg -> cfg.listen(small))) {
            var release = new CountDownLatch(1);
            var started = new CountDownLatch(1);
            var payloads = new LinkedBlockingQueue<String>();
            var gaps = new LinkedBlockingQueue<ListenGap>();
            var probe = new LinkedBlockingQueue<String>();
            pool.listen("burst", NotificationHandler.of(n -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                payloads.add(n.payload());
            }, gaps::add));
            // The reader hands notifications out in order: once "done" arrived, the burst reached the slow queue.
            pool.listen("burst_done", n -> probe.add(n.payload()));
            pool.sendNotification("burst", "0");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < 10; i++) {
                pool.sendNotification("burst", String.valueOf(i));
            }
            pool.sendNotification("burst_done", "done");
            assertThat(next(probe)).isEqualTo("done");
            release.countDown();
            ListenGap gap = next(gaps);
            assertThat(gap.reason()).isEqualTo(ListenGap.Reason.OVERFLOW);
            assertThat(payloads).containsExactly("0", "1", "2");
        }
    }
}
