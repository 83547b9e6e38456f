package dev.weft.security.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.core.TaskGroup;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.http.client.ClientResponse;
import dev.weft.http.client.HttpClient;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import dev.weft.pg.pool.PgPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Buckets in a real PostgreSQL: instances share one bucket, refill runs on the database clock, rows of
 * full buckets are swept, and the table comes from weft-pg's migrations in a schema of its own.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PgBucketStoreTest {
    private final TestDatabase db;
    private final String uri;

    PgBucketStoreTest(TestDatabase db) {
        this.db = db;
        this.uri = db.uri("scram_user", "scram_pass");
        db.execute("GRANT CREATE ON DATABASE " + db.name() + " TO scram_user");
    }

    @Test
    void twoServersOnOneDatabaseShareABucket() {
        int capacity = 10;
        int requests = 40;
        try (PgPool poolA = PgPool.open(uri); PgPool poolB = PgPool.open(uri)) {
            PgBucketStore storeA = PgBucketStore.builder(poolA).schema("shared_test").build();
            PgBucketStore storeB = PgBucketStore.builder(poolB).schema("shared_test").build();
            storeA.migrate();
            storeB.migrate(); // the second instance finds nothing to do
            try (HttpServer a = RateLimitMiddlewareTest.start(app(storeA, capacity));
                 HttpServer b = RateLimitMiddlewareTest.start(app(storeB, capacity));
                 HttpClient client = HttpClient.builder().maxConnectionsPerHost(requests).build()) {
                List<String> urls = List.of("http://127.0.0.1:" + a.port() + "/", "http://127.0.0.1:" + b.port() + "/");
                ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
                ConcurrentHashMap<String, AtomicInteger> allowedPerServer = new ConcurrentHashMap<>();
                TaskGroup.run(group -> {
                    for (int i = 0; i < requests; i++) {
                        String url = urls.get(i % 2);
                        group.spawn(() -> {
                            try (ClientResponse res = client.get(url)) {
                                statuses.computeIfAbsent(res.status(), s -> new AtomicInteger()).incrementAndGet();
                                if (res.status() == 200) {
                                    allowedPerServer.computeIfAbsent(url, u -> new AtomicInteger()).incrementAndGet();
                                }
                            }
                        });
                    }
                });
                assertThat(statuses.keySet()).containsExactlyInAnyOrder(200, 429);
                assertThat(statuses.get(200)).as("allowed across both servers").hasValue(capacity);
                assertThat(statuses.get(429)).hasValue(requests - capacity);
            }
        }
    }

    private static WebApp app(BucketStore store, int capacity) {
        RateLimiter limiter = RateLimiter.builder("shared").capacity(capacity).refill(1, Duration.ofHours(1)).store(store).build();
        return WebApp.create().use(RateLimit.middleware(limiter)).get("/", req -> Response.text("ok"));
    }

    @Test
    void tokensRefillByTheDatabaseClock() {
        try (PgPool pool = PgPool.open(uri)) {
            PgBucketStore store = PgBucketStore.builder(pool).schema("refill_test").build();
            store.migrate();
            RateLimiter limiter = RateLimiter.builder("refill").capacity(2).refill(1, Duration.ofMillis(500)).store(store).build();
            assertThat(limiter.tryAcquire("k").allowed()).isTrue();
            assertThat(limiter.tryAcquire("k").allowed()).isTrue();
            RateLimitDecision refused = awaitRefusal(limiter);
            assertThat(refused.retryAfter()).isLessThanOrEqualTo(Duration.ofMillis(500)).isPositive();
            assertThat(refused.retryAfterSeconds()).isEqualTo(1);
            assertThat(awaitAllowed(limiter).remaining()).as("a token came back, and was taken").isLessThanOrEqualTo(1);
        }
    }

    /** The bucket refills all the time: take until refused (within a deadline), for a refusal to look at. */
    private static RateLimitDecision awaitRefusal(RateLimiter limiter) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            RateLimitDecision d = limiter.tryAcquire("k");
            if (!d.allowed()) {
                return d;
            }
            assertThat(System.nanoTime()).as("refused by the deadline").isLessThan(deadline);
        }
    }

    private static RateLimitDecision awaitAllowed(RateLimiter limiter) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            RateLimitDecision d = limiter.tryAcquire("k");
            if (d.allowed()) {
                return d;
            }
            assertThat(System.nanoTime()).as("refilled by the deadline").isLessThan(deadline);
            Thread.yield();
        }
    }

    @Test
    void rowsOfFullBucketsAreSweptAndOthersKept() {
        try (PgPool pool = PgPool.open(uri)) {
            PgBucketStore store = PgBucketStore.builder(pool).schema("sweep_test").build();
            store.migrate();
            RateLimiter fast = RateLimiter.builder("fast").capacity(1).refill(1, Duration.ofMillis(50)).store(store).build();
            RateLimiter slow = RateLimiter.builder("slow").capacity(1).refill(1, Duration.ofHours(1)).store(store).build();
            assertThat(fast.tryAcquire("k").allowed()).isTrue();
            assertThat(slow.tryAcquire("k").allowed()).isTrue();
            assertThat(rows(pool, "sweep_test")).containsExactlyInAnyOrder("fast:k", "slow:k");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long swept = 0;
            while (swept == 0) {
                swept = store.sweep();
                assertThat(System.nanoTime()).as("the fast bucket full and swept by the deadline").isLessThan(deadline);
                Thread.yield();
            }
            assertThat(swept).isEqualTo(1);
            assertThat(rows(pool, "sweep_test")).containsExactly("slow:k");
            assertThat(slow.tryAcquire("k").allowed()).as("the kept row still limits").isFalse();
        }
    }

    @Test
    void takesSweepEveryNthTime() {
        try (PgPool pool = PgPool.open(uri)) {
            PgBucketStore store = PgBucketStore.builder(pool).schema("auto_sweep_test").sweepEvery(3).build();
            store.migrate();
            RateLimiter fast = RateLimiter.builder("fast").capacity(1).refill(1, Duration.ofMillis(1)).store(store).build();
            fast.tryAcquire("a");
            fast.tryAcquire("b");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // Wait until the database clock says both are full again, then a third take sweeps them.
            while (pool.queryValue(Long.class, "SELECT count(*) FROM auto_sweep_test.rate_limit_buckets WHERE full_at >= now()") > 0) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.yield();
            }
            fast.tryAcquire("c");
            assertThat(rows(pool, "auto_sweep_test")).containsExactly("fast:c");
        }
    }

    @Test
    void aSchemaNameThatIsNotAPlainIdentifierIsRefused() {
        try (PgPool pool = PgPool.open(uri)) {
            assertThatThrownBy(() -> PgBucketStore.builder(pool).schema("x; DROP TABLE y").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x; DROP TABLE y");
            assertThatThrownBy(() -> PgBucketStore.builder(pool).sweepEvery(0)).hasMessageContaining("sweepEvery <= 0: 0");
        }
    }

    private static List<String> rows(PgPool pool, String schema) {
        return pool.query("SELECT key FROM " + schema + ".rate_limit_buckets ORDER BY key").stream()
                .map(r -> r.getString(0)).toList();
    }
}
