package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalExchangeTest {
    private final WebApp app = WebApp.create()
            .use((req, next) -> next.handle(req).header("X-Seen", "yes"))
            .post("/echo/{id}", req -> Response.text(req.pathParam("id") + ":" + req.queryParam("q") + ":"
                    + req.header("X-A") + ":" + req.text()))
            .get("/stream", req -> Response.stream("text/plain", out -> out.write("streamed".getBytes(StandardCharsets.UTF_8))));

    @Test
    void answersThroughMiddlewaresAndRoutesWithoutASocket() {
        var exchange = LocalExchange.run(app, "POST", "/echo/7?q=x", List.of(Map.entry("X-A", "a")),
                "hi".getBytes(StandardCharsets.UTF_8));
        assertThat(exchange.response().status()).isEqualTo(200);
        assertThat(exchange.response().header("X-Seen")).isEqualTo("yes");
        assertThat(new String(exchange.body(), StandardCharsets.UTF_8)).isEqualTo("7:x:a:hi");
    }

    @Test
    void failuresBecomeTheServersProblemResponses() {
        var exchange = LocalExchange.run(app, "GET", "/nowhere", List.of(), new byte[0]);
        assertThat(exchange.response().status()).isEqualTo(404);
        assertThat(exchange.response().header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(new String(exchange.body(), StandardCharsets.UTF_8)).contains("\"status\":404");
    }

    @Test
    void streamedBodiesAreCollectedAndHeadHasNone() {
        assertThat(LocalExchange.run(app, "GET", "/stream", List.of(), new byte[0]).body()).asString().isEqualTo("streamed");
        assertThat(LocalExchange.run(app, "HEAD", "/stream", List.of(), new byte[0]).body()).isEmpty();
    }

    @Test
    void malformedRequestsAreRefused() {
        assertThatThrownBy(() -> LocalExchange.run(app, "GET", "/a b", List.of(), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
