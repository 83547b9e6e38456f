package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar that {@code ./weft package} builds (run after {@code package}): plain
 * {@code java -jar} starts the demo on its embedded PostgreSQL, which answers {@code /health},
 * {@code /ready} and the users API, and stops with status 0 on SIGTERM.
 */
class DemoJarIT {
    private static final Duration START = Duration.ofSeconds(120);

    @Test
    void javaDashJarStartsTheDemo() throws Exception {
        Path jar = Path.of("target/weft-demo.jar");
        assertThat(jar).as("built at package").isRegularFile();
        try (var demo = ChildJvm.startJar(jar, Map.of("PORT", "0"))) {
            String port = demo.await(Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/ "), START);
            String base = "http://127.0.0.1:" + port;
            assertThat(HttpReply.of(Peers.curl(base + "/health")).status()).isEqualTo(200);
            HttpReply ready = HttpReply.of(Peers.curl(base + "/ready"));
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            assertThat(HttpReply.of(Peers.curl(base + "/users")).body()).contains("ada@example.org");
            assertThat(HttpReply.of(Peers.curl(base + "/docs")).status()).isEqualTo(200);
            demo.signal("TERM", false);
            assertThat(demo.awaitExit(START)).as(demo.output()).isZero();
            assertThat(demo.output()).contains("shutdown complete");
        }
    }
}
