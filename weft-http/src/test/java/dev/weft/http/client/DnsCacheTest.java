package dev.weft.http.client;

import dev.weft.core.Deadline;
import dev.weft.core.DeadlineExceeded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's DNS step against a local server reached by a made-up host name: the TTL cache, the
 * order in which addresses are tried, failures, and lookups that hang.
 */
class DnsCacheTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    private FakeServer server;
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = FakeServer.start(FakeServer.serving((peer, request, n) -> peer.ok("hello " + request.header("host"))));
    }

    @AfterEach
    void stop() throws Exception {
        never.countDown();
        server.close();
    }

    /** A resolver that records each lookup and answers {@code addresses}. */
    private DnsResolver counting(InetAddress... addresses) {
        return host -> {
            lookups.add(host);
            return List.of(addresses);
        };
    }

    /** A client without keep-alive, so that every request opens a connection and needs the addresses. */
    private HttpClient client(DnsResolver resolver, Duration ttl) {
        return HttpClient.builder().keepAlive(Duration.ZERO).resolver(resolver).dnsCacheTtl(ttl).build();
    }

    private String url() {
        return "http://weft.test:" + server.port() + "/";
    }

    @Test
    void aNameIsResolvedOnceWithinTheTtl() {
        try (var client = client(counting(LOOPBACK), Duration.ofMinutes(1))) {
            assertThat(client.get(url()).text()).isEqualTo("hello weft.test:" + server.port());
            assertThat(client.get(url()).text()).isEqualTo("hello weft.test:" + server.port());
            assertThat(server.connections()).as("keep-alive is off: two connections").isEqualTo(2);
            assertThat(lookups).containsExactly("weft.test");
        }
    }

    @Test
    void aNameIsResolvedAgainOnceTheTtlHasPassed() throws Exception {
        try (var client = client(counting(LOOPBACK), Duration.ofMillis(50))) {
            client.get(url()).text();
            Thread.sleep(200);
            client.get(url()).text();
            assertThat(lookups).as("the entry expired").containsExactly("weft.test", "weft.test");
        }
    }

    @Test
    void aZeroTtlResolvesForEveryConnection() {
        try (var client = client(counting(LOOPBACK), Duration.ZERO)) {
            client.get(url()).text();
            client.get(url()).text();
            assertThat(lookups).hasSize(2);
        }
    }

    @Test
    void addressesAreTriedInOrderUntilOneConnects() {
        // Nothing listens on the server's port at ::1 or 127.0.0.2 (the server is bound to 127.0.0.1 only).
        var addresses = new InetAddress[] {InetAddress.ofLiteral("::1"), InetAddress.ofLiteral("127.0.0.2"), LOOPBACK};
        try (var client = client(counting(addresses), Duration.ofMinutes(1))) {
            assertThat(client.get(url()).text()).startsWith("hello");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void whenNoAddressConnectsTheFirstFailureIsReported() {
        var refusing = new InetAddress[] {InetAddress.ofLiteral("127.0.0.2"), InetAddress.ofLiteral("127.0.0.3")};
        try (var client = client(counting(refusing), Duration.ofMinutes(1))) {
            assertThatThrownBy(() -> client.get(url()))
                    .isInstanceOf(HttpClientException.class)
                    .hasMessageContaining("cannot connect to http://weft.test:" + server.port())
                    .satisfies(e -> assertThat(e.getCause().getSuppressed()).hasSize(1));
        }
    }

    @Test
    void anUnknownHostIsAClearErrorAndIsNotCached() {
        DnsResolver unknown = host -> {
            lookups.add(host);
            throw new UnknownHostException(host);
        };
        try (var client = client(unknown, Duration.ofMinutes(1))) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> client.get(url()))
                        .isInstanceOf(HttpClientException.class)
                        .hasMessage("unknown host weft.test")
                        .hasCauseInstanceOf(UnknownHostException.class);
            }
            assertThat(lookups).as("a failure is asked again").hasSize(2);
        }
    }

    @Test
    void ipLiteralsNeverReachTheResolver() {
        try (var client = client(counting(), Duration.ofMinutes(1))) {
            assertThat(client.get(server.url("/")).text()).startsWith("hello 127.0.0.1");
            assertThat(lookups).isEmpty();
        }
    }

    @Test
    void aHangingLookupIsBoundedByTheConnectTimeout() {
        DnsResolver hanging = host -> {
            lookups.add(host);
            awaitUninterruptibly(never); // as the JDK's getaddrinfo does
            return List.of(LOOPBACK);
        };
        try (var client = HttpClient.builder().resolver(hanging).connectTimeout(Duration.ofMillis(200)).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.get(url()))
                    .isInstanceOfSatisfying(ClientTimeout.class, e -> assertThat(e.kind()).isEqualTo(ClientTimeout.Kind.CONNECT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the hang").isLessThan(Duration.ofSeconds(5));
            assertThat(client.poolStatistics().open()).as("the slot was released").isZero();
            assertThatThrownBy(() -> client.get(url())).isInstanceOf(ClientTimeout.class);
            assertThat(lookups).as("the second request waits for the same lookup").hasSize(1);
            never.countDown(); // the lookup ends at last: close() waits for the lookups still running
        }
    }

    @Test
    void aHangingLookupIsBoundedByTheCallersDeadline() {
        DnsResolver hanging = host -> {
            awaitUninterruptibly(never);
            return List.of(LOOPBACK);
        };
        try (var client = HttpClient.builder().resolver(hanging).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(200), () -> client.get(url())))
                    .isInstanceOf(DeadlineExceeded.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(client.poolStatistics().open()).isZero();
            never.countDown(); // the lookup ends at last: close() waits for the lookups still running
        }
    }

    @Test
    void aNegativeTtlIsRefused() {
        assertThatThrownBy(() -> HttpClient.builder().dnsCacheTtl(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
