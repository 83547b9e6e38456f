package dev.weft.pg.pool;

import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.Notification;
import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.error.AdminShutdown;
import org.junit.jupiter.api.Test;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PgPoolEventsTest extends PoolTest {
    PgPoolEventsTest(TestDatabase db) {
        super(db);
    }

    @Test
    void terminatedBackendIsReportedToTheTerminationListener() throws InterruptedException {
        var terminations = new LinkedBlockingQueue<Termination>();
        try (var pool = Pools.open(db, "events_terminated", cfg -> cfg.minSize(1).maxSize(1))) {
            pool.onTermination(terminations::add);
            int pid = pool.queryValue(Integer.class, "SELECT pg_backend_pid()");
            Pools.terminateBackend(db, pid);

            Termination termination = terminations.poll(5, TimeUnit.SECONDS);
            assertThat(termination).isNotNull();
            assertThat(termination.processId()).isEqualTo(pid);
            assertThat(termination.cause()).isInstanceOf(AdminShutdown.class);
            assertThat(termination.cause().sqlState()).isEqualTo("57P01");
            assertThat(pool.queryValue(Integer.class, "SELECT 1")).isEqualTo(1); // replaced
        }
        assertThat(terminations).as("closing the pool is not a termination").isEmpty();
    }

    @Test
    void connectionsThePoolRetiresAreNotTerminations() {
        var terminations = new LinkedBlockingQueue<Termination>();
        try (var pool = Pools.open(db, "events_retired", cfg -> cfg.minSize(0).maxSize(1).maxQueriesPerConnection(1))) {
            pool.onTermination(terminations::add);
            int first = pool.queryValue(Integer.class, "SELECT pg_backend_pid()");
            int second = pool.queryValue(Integer.class, "SELECT pg_backend_pid()");
            assertThat(second).isNotEqualTo(first);
        }
        assertThat(terminations).isEmpty();
    }

    @Test
    void listenConnectionTerminationIsReportedAndTheListenerReconnects() throws InterruptedException {
        var terminations = new LinkedBlockingQueue<Termination>();
        var gaps = new LinkedBlockingQueue<ListenGap>();
        try (var pool = Pools.open(db, "events_listen", cfg -> cfg.minSize(0).maxSize(1))) {
            pool.onTermination(terminations::add);
            var handler = new NotificationHandler() {
                @Override
                public void onNotification(Notification notification) {
                }

                @Override
                public void onGap(ListenGap gap) {
                    gaps.add(gap);
                }
            };
            try (Subscription subscription = pool.listen("events_channel", handler)) {
                int listenPid = Integer.parseInt(db.query("SELECT pid FROM pg_stat_activity WHERE application_name = 'events_listen'")
                        .getFirst().getFirst());
                Pools.terminateBackend(db, listenPid);
                Termination termination = terminations.poll(5, TimeUnit.SECONDS);
                assertThat(termination).isNotNull();
                assertThat(termination.processId()).isEqualTo(listenPid);
                // Woken by the close callback, not by a keepalive ping (30 s by default): well within 5 s.
                assertThat(gaps.poll(5, TimeUnit.SECONDS)).isNotNull();
            }
        }
    }

    @Test
    void noticesFromPooledConnectionsReachTheNoticeListener() throws InterruptedException {
        var notices = new LinkedBlockingQueue<ServerMessage>();
        try (var pool = Pools.open(db, "events_notice", cfg -> cfg.minSize(2).maxSize(2))) {
            pool.onNotice(notices::add);
            pool.execute("DO $$ BEGIN RAISE NOTICE 'from the pool %', 1; END $$");
            pool.transaction(tx -> tx.execute("DO $$ BEGIN RAISE WARNING 'inside a transaction'; END $$"));
            try (PgConnection lease = pool.acquire()) {
                lease.execute("DO $$ BEGIN RAISE NOTICE 'from a lease'; END $$");
            }

            assertThat(notices.poll(5, TimeUnit.SECONDS).message()).isEqualTo("from the pool 1");
            ServerMessage warning = notices.poll(5, TimeUnit.SECONDS);
            assertThat(warning.message()).isEqualTo("inside a transaction");
            assertThat(warning.severity()).isEqualTo("WARNING");
            assertThat(notices.poll(5, TimeUnit.SECONDS).message()).isEqualTo("from a lease");

            pool.onNotice(null);
            pool.execute("DO $$ BEGIN RAISE NOTICE 'unheard'; END $$");
            assertThat(notices.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aListenerThatThrowsDoesNotBreakThePool() {
        try (var pool = Pools.open(db, "events_throwing", cfg -> cfg.minSize(1).maxSize(1))) {
            pool.onNotice(notice -> {
                throw new IllegalStateException("listener bug");
            });
            pool.execute("DO $$ BEGIN RAISE NOTICE 'x'; END $$");
            assertThat(pool.queryValue(Integer.class, "SELECT 2")).isEqualTo(2);
            assertThat(pool.statistics().size()).isEqualTo(1);
        }
    }

    @Test
    void connectionCloseListenerSeesNullAfterCloseAndTheErrorAfterTermination() throws InterruptedException {
        var ends = new LinkedBlockingQueue<Object>();
        var options = PgConnectOptions.parse(Pools.dsn(db, "events_conn")).toBuilder().passFile(null).build();
        try (PgConnection closed = PgConnection.connect(options)) {
            closed.onClose(cause -> ends.add(cause == null ? "closed" : cause));
            closed.close();
            closed.close();
            assertThat(ends.poll(5, TimeUnit.SECONDS)).isEqualTo("closed");
            closed.onClose(cause -> ends.add(cause == null ? "late" : cause));
            assertThat(ends.poll(5, TimeUnit.SECONDS)).as("set after the end: told at once").isEqualTo("late");
        }
        try (PgConnection killed = PgConnection.connect(options)) {
            killed.onClose(cause -> ends.add(cause == null ? "closed" : cause));
            Pools.terminateBackend(db, killed.processId());
            assertThat(ends.poll(5, TimeUnit.SECONDS)).isInstanceOf(AdminShutdown.class);
        }
        assertThat(ends.poll(200, TimeUnit.MILLISECONDS)).as("told once").isNull();
    }
}
