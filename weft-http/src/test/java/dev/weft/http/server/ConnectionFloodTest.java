package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Concurrent;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A flood of connections above {@code maxConnections}: each is refused at once, and the server keeps serving. */
class ConnectionFloodTest {
    private static final int LIMIT = 20;
    private static final int FLOOD = 300;

    /** What a connection over the limit saw: a 503, or (if its request crossed the close) a reset or an end. */
    private static String refusal(int port) throws IOException {
        try (var c = new RawClient(port)) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            return String.valueOf(c.read().status());
        } catch (SocketException e) {
            return "reset";
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("closed before a response")) {
                return "closed";
            }
            throw e; // a read timeout: the connection waited instead of being refused
        }
    }

    @Test
    void connectionsAboveTheLimitAreRefusedQuicklyAndAFreshClientIsServedOnceBelow() throws Exception {
        var app = WebApp.create().get("/", req -> Response.text("ok"));
        var config = LocalServer.config().maxConnections(LIMIT).idleTimeout(Duration.ofMinutes(5)).build();
        try (var server = HttpServer.start(app, config)) {
            List<RawClient> holders = new ArrayList<>();
            try {
                for (int i = 0; i < LIMIT; i++) {
                    var holder = new RawClient(server.port());
                    holders.add(holder);
                    assertThat(holder.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("ok");
                }
                long t0 = System.nanoTime();
                // RawClient's 10 s read timeout fails any connection that waits instead of being refused.
                List<String> outcomes = Concurrent.map(IntStream.range(0, FLOOD).boxed().toList(), 32,
                        i -> refusal(server.port()));
                Duration flood = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(outcomes).as("every connection over the limit refused").allMatch(
                        o -> o.equals("503") || o.equals("reset") || o.equals("closed"));
                assertThat(outcomes.stream().filter("503"::equals).count()).as("answered 503").isPositive();
                System.out.printf("flood: %d connections over a limit of %d refused in %d ms (%d answered 503)%n",
                        FLOOD, LIMIT, flood.toMillis(), outcomes.stream().filter("503"::equals).count());
                for (var holder : holders) {
                    assertThat(holder.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text())
                            .as("the connections within the limit are still served").isEqualTo("ok");
                }
                holders.removeFirst().close();
                SlowClientTest.awaitConnections(server, LIMIT - 1);
                long t1 = System.nanoTime();
                try (var fresh = new RawClient(server.port())) {
                    assertThat(fresh.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("ok");
                }
                assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofSeconds(5));
            } finally {
                for (var holder : holders) {
                    holder.close();
                }
            }
        }
    }
}
