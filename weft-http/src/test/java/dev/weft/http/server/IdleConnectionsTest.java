package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand idle keep-alive connections, held by a Python client in its own process (so that the
 * client's sockets do not count against this JVM's file descriptors): the server keeps them all and
 * still serves a fresh client at once. The descriptor limit is read, never raised: where it is too low
 * for 10,000 the test holds what it allows and prints the number.
 */
class IdleConnectionsTest {
    private static final int WANTED = 10_000;
    private static final String HOLDER = """
            import socket, sys
            port, n = int(sys.argv[1]), int(sys.argv[2])
            held = []
            for first in range(0, n, 200):
                batch = [socket.create_connection(("127.0.0.1", port)) for _ in range(min(200, n - first))]
                for s in batch:
                    s.sendall(b"GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
                for s in batch:
                    data = b""
                    while not data.endswith(b"\\r\\n\\r\\nok"):
                        chunk = s.recv(4096)
                        if not chunk:
                            sys.exit("closed after %d connections" % len(held))
                        data += chunk
                held += batch
            print("held", len(held), flush=True)
            sys.stdin.read()
            """;

    @Test
    void holdsTenThousandIdleKeepAliveConnectionsAndServesAFreshClient() throws Exception {
        var os = (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long spare = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount() - 500;
        int count = (int) Math.min(WANTED, spare);
        assertThat(count).as("file descriptors for the test (ulimit -n)").isGreaterThanOrEqualTo(1000);
        var app = WebApp.create().get("/", req -> Response.text("ok"));
        var config = LocalServer.config().maxConnections(count + 100).idleTimeout(Duration.ofMinutes(5)).build();
        try (var server = HttpServer.start(app, config)) {
            long heapBefore = usedHeapAfterGc();
            Process holder = new ProcessBuilder("/usr/bin/python3", "-c", HOLDER, String.valueOf(server.port()),
                    String.valueOf(count)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                var out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("held " + count);
                assertThat(server.openConnections()).isEqualTo(count);
                long heapHeld = usedHeapAfterGc();
                long t0 = System.nanoTime();
                try (var fresh = new RawClient(server.port())) {
                    assertThat(fresh.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("ok");
                }
                Duration served = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(served).isLessThan(Duration.ofSeconds(5));
                System.out.printf("idle: %d keep-alive connections held (fd limit %d); a fresh client served in %d ms;"
                                + " about %d bytes of heap per idle connection%n", count,
                        os.getMaxFileDescriptorCount(), served.toMillis(), (heapHeld - heapBefore) / count);
            } finally {
                holder.getOutputStream().close();
                assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            SlowClientTest.awaitNoConnection(server);
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
