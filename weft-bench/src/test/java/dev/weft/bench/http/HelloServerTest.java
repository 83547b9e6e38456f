package dev.weft.bench.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness's one smoke test: every benchmarked server answers both endpoints with the same bytes. */
class HelloServerTest {

    @ParameterizedTest
    @EnumSource(HelloServer.Kind.class)
    void everyServerAnswersPlaintextAndJsonIdentically(HelloServer.Kind kind) throws Exception {
        try (var server = HelloServer.start(kind, "127.0.0.1", 0);
             var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(5)).build()) {
            var plaintext = get(client, server.port(), "/plaintext");
            var json = get(client, server.port(), "/json");

            assertThat(plaintext.statusCode()).isEqualTo(200);
            assertThat(plaintext.body()).isEqualTo("Hello, World!");
            assertThat(plaintext.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.body()).isEqualTo("{\"message\":\"Hello, World!\"}");
            assertThat(json.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            for (var response : new HttpResponse<?>[]{plaintext, json}) {
                assertThat(response.headers().firstValue("date")).isPresent();
                assertThat(response.headers().firstValue("server")).isPresent();
            }
        }
    }

    @Test
    void vertxRunsOnNativeEpollSoItIsMeasuredAtItsBest() {
        try (var server = VertxHello.start("127.0.0.1", 0)) {
            assertThat(server.nativeTransport()).isTrue();
        }
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        // Only a guard against a hang: a cold first request (class loading, Jackson) on a loaded two-core
        // machine was measured at 2 to 4 s and has passed 5 s.
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
