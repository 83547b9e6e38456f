package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket outbound bounds at their defaults, in a 64 MiB heap: 100 peers that never read, each
 * sent fresh 1 MiB messages by four senders (unbounded, that would pin 400 MiB and more). The child
 * JVM exits on the first {@link OutOfMemoryError}; the test passes if every socket ends and the server
 * still answers.
 */
class SmallHeapWebSocketTest {
    @Test
    void hundredPeersThatNeverReadCannotExhaustA64MiBHeap() throws Exception {
        try (var child = ChildJvm.start(SmallHeapMain.class, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError")) {
            int port = child.awaitPort(Duration.ofSeconds(60));
            assertThat(port).as(child.toString()).isPositive();
            List<Socket> peers = WebSocketSlowReaderTest.stalledPeers(port, "/hog", 100);
            try {
                assertThat(child.awaitLine(Pattern.compile("^ended 100$"), Duration.ofSeconds(120)))
                        .as("every socket ended; output:%n%s", child).isNotNull();
                var response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.body()).isEqualTo("up");
            } finally {
                for (Socket peer : peers) {
                    peer.close();
                }
            }
            child.process.toHandle().destroy();
            assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.output(Duration.ofSeconds(10))).doesNotContain("OutOfMemoryError");
        }
    }
}
