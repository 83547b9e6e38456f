package dev.weft.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.LiveThreads;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client owns its threads: after close(), neither its pool sweeper nor a DNS lookup is alive. */
class ClientThreadsTest {
    private static final String[] CLIENT_THREADS = {"weft-http-client-sweeper", "weft-dns-"};

    @Test
    void closeEndsTheSweeperAndTheLookupsStillRunning() throws Exception {
        LiveThreads before = LiveThreads.now();
        var lookupStarted = new CountDownLatch(1);
        var never = new CountDownLatch(1);
        DnsResolver stuck = host -> {
            lookupStarted.countDown();
            try {
                never.await(); // a resolver that never answers, but honours the cancellation of its task
            } catch (InterruptedException e) {
                throw new UnknownHostException("lookup of " + host + " cancelled");
            }
            return List.of(InetAddress.getLoopbackAddress());
        };
        try (var server = FakeServer.start(FakeServer.serving((peer, request, n) -> peer.ok("hello")))) {
            HttpClient client = HttpClient.builder().keepAlive(Duration.ofMinutes(1)).resolver(stuck)
                    .connectTimeout(Duration.ofMillis(200)).build();
            assertThat(client.get("http://127.0.0.1:" + server.port() + "/").text()).isEqualTo("hello");
            // The caller gives up at its connect timeout; the lookup goes on in the background.
            assertThatThrownBy(() -> client.get("http://stuck.test:" + server.port() + "/"))
                    .isInstanceOf(HttpClientException.class);
            assertThat(lookupStarted.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(LiveThreads.now().startedSince(before, CLIENT_THREADS))
                    .contains("weft-http-client-sweeper", "weft-dns-stuck.test");
            client.close();
            assertThat(LiveThreads.now().startedSince(before, CLIENT_THREADS)).isEmpty();
        }
    }
}
