package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link HttpServer#run} in a real process: it serves, and SIGTERM shuts it down gracefully. */
class RunSignalTest {
    @Test
    void sigtermShutsDownGracefully() throws Exception {
        try (var child = ChildJvm.start(RunMain.class)) {
            int port = child.awaitPort(Duration.ofSeconds(60));
            assertThat(port).as(child.toString()).isPositive();
            var response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("up");
            child.process.toHandle().destroy(); // SIGTERM
            assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.output(Duration.ofSeconds(10))).contains("shutdown hook ran");
        }
    }
}
