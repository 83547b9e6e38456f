package dev.weft.security.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.core.TaskGroup;
import dev.weft.security.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Token buckets in memory, on a clock the test moves: bursts, refill, independent keys, the key bound. */
class RateLimiterTest {
    private final MutableClock clock = new MutableClock();

    private RateLimiter limiter(BucketStore store) {
        return RateLimiter.builder("api").capacity(3).refill(1, Duration.ofSeconds(10)).store(store).build();
    }

    @Test
    void aBurstUpToTheCapacityIsAllowedThenRefusedUntilATokenRefills() {
        RateLimiter limiter = limiter(BucketStore.inMemory(100, clock));
        for (long remaining = 2; remaining >= 0; remaining--) {
            RateLimitDecision d = limiter.tryAcquire("client");
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isEqualTo(remaining);
            assertThat(d.limit()).isEqualTo(3);
            assertThat(d.retryAfter()).isZero();
        }
        RateLimitDecision refused = limiter.tryAcquire("client");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(refused.retryAfterSeconds()).isEqualTo(10);
        assertThat(refused.reset()).as("until full again").isEqualTo(Duration.ofSeconds(30));
        assertThat(refused.window()).isEqualTo(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(4));
        RateLimitDecision stillRefused = limiter.tryAcquire("client");
        assertThat(stillRefused.allowed()).isFalse();
        assertThat(stillRefused.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        clock.advance(Duration.ofSeconds(6));
        assertThat(limiter.tryAcquire("client").allowed()).as("one token refilled").isTrue();
        assertThat(limiter.tryAcquire("client").allowed()).isFalse();

        clock.advance(Duration.ofHours(1));
        assertThat(limiter.tryAcquire("client").remaining()).as("refill stops at the capacity").isEqualTo(2);
    }

    @Test
    void keysAndLimitersSharingAStoreAreIndependent() {
        BucketStore store = BucketStore.inMemory(100, clock);
        RateLimiter api = limiter(store);
        RateLimiter login = RateLimiter.builder("login").capacity(1).refill(1, Duration.ofMinutes(1)).store(store).build();
        for (int i = 0; i < 3; i++) {
            assertThat(api.tryAcquire("a").allowed()).isTrue();
        }
        assertThat(api.tryAcquire("a").allowed()).isFalse();
        assertThat(api.tryAcquire("b").allowed()).as("another key").isTrue();
        assertThat(login.tryAcquire("a").allowed()).as("another limiter, same key").isTrue();
        assertThat(login.tryAcquire("a").allowed()).isFalse();

        MemoryBucketStore keys = new MemoryBucketStore(100, clock);
        RateLimiter longKeys = limiter(keys);
        String long1 = "x".repeat(10_000);
        String long2 = "x".repeat(9_999) + "y";
        for (int i = 0; i < 3; i++) {
            assertThat(longKeys.tryAcquire(long1).allowed()).isTrue();
        }
        assertThat(longKeys.tryAcquire(long1).allowed()).isFalse();
        assertThat(longKeys.tryAcquire(long2).allowed()).as("long keys differing in the last character").isTrue();
        assertThat(keys.size()).isEqualTo(2);
    }

    @Test
    void aRequestCostingMoreThanTheTokensLeftTakesNothing() {
        RateLimiter limiter = limiter(BucketStore.inMemory(100, clock));
        assertThat(limiter.tryAcquire("k", 2).remaining()).isEqualTo(1);
        RateLimitDecision refused = limiter.tryAcquire("k", 2);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limiter.tryAcquire("k", 1).allowed()).as("the refused request took nothing").isTrue();
        assertThatThrownBy(() -> limiter.tryAcquire("k", 4)).hasMessageContaining("capacity 3: 4");
        assertThatThrownBy(() -> limiter.tryAcquire("k", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentRequestsOnOneKeyAreAllowedExactlyTheCapacity() {
        RateLimiter limiter = RateLimiter.builder("burst").capacity(100).refill(1, Duration.ofHours(1))
                .store(BucketStore.inMemory(100, clock)).build();
        AtomicInteger allowed = new AtomicInteger();
        TaskGroup.run(group -> {
            for (int t = 0; t < 50; t++) {
                group.spawn(() -> {
                    for (int i = 0; i < 10; i++) {
                        if (limiter.tryAcquire("one").allowed()) {
                            allowed.incrementAndGet();
                        }
                    }
                });
            }
        });
        assertThat(allowed).hasValue(100);
    }

    @Test
    void theStoreNeverHoldsMoreKeysThanItsBoundAndForgetsFullBucketsFirst() {
        MemoryBucketStore store = new MemoryBucketStore(1000, clock);
        RateLimiter limiter = limiter(store);
        for (int i = 0; i < 900; i++) {
            limiter.tryAcquire("idle-" + i);
        }
        clock.advance(Duration.ofMinutes(1)); // the 900 are full again
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("abuser");
        }
        assertThat(limiter.tryAcquire("abuser").allowed()).isFalse();
        for (int i = 0; i < 150; i++) {
            limiter.tryAcquire("new-" + i);
        }
        assertThat(store.size()).as("the full buckets were forgotten").isLessThan(200);
        assertThat(limiter.tryAcquire("abuser").allowed()).as("the empty bucket outlived the full ones").isFalse();
        for (int i = 0; i < 5000; i++) {
            limiter.tryAcquire("flood-" + i);
            assertThat(store.size()).isLessThanOrEqualTo(1000);
        }
    }

    @Test
    void clientsAreKeyedByIpv4AddressAndByIpv6Slash64() throws Exception {
        assertThat(RateLimit.addressKey(new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 41000)))
                .isEqualTo("203.0.113.7");
        String one = RateLimit.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:aaaa::1"), 1));
        String other = RateLimit.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:ffff:1:2:3"), 2));
        String nextNetwork = RateLimit.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:3::1"), 1));
        assertThat(one).isEqualTo("2001:db8:1:2:0:0:0:0/64").isEqualTo(other);
        assertThat(nextNetwork).isNotEqualTo(one);
        assertThat(RateLimit.addressKey(new InetSocketAddress(InetAddress.getByName("::ffff:198.51.100.9"), 1)))
                .as("an IPv4-mapped address is its IPv4 address").isEqualTo("198.51.100.9");
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> RateLimiter.builder("Has Spaces")).hasMessageContaining("Has Spaces");
        assertThatThrownBy(() -> RateLimiter.builder("x").capacity(0)).hasMessageContaining(": 0");
        assertThatThrownBy(() -> RateLimiter.builder("x").refill(1, Duration.ZERO)).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> BucketStore.inMemory(0, clock)).hasMessageContaining("maxKeys <= 0: 0");
        assertThatThrownBy(() -> RateLimiter.builder("x").capacity(1_000_000).refill(1, Duration.ofDays(1)).build())
                .hasMessageContaining("3650 days");
    }
}
