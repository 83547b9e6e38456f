package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AfterResponseTest {
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final CountDownLatch ran = new CountDownLatch(1);
    private final WebApp app = WebApp.create()
            .get("/a", req -> {
                req.afterResponse(() -> {
                    throw new IllegalStateException("a failing action is logged and stops nothing");
                });
                req.afterResponse(() -> {
                    order.add("after a");
                    ran.countDown();
                });
                return Response.stream("text/plain", out -> {
                    order.add("body a");
                    out.write("a".getBytes(StandardCharsets.UTF_8));
                });
            })
            .get("/b", req -> Response.text("b"));

    @Test
    void actionsRunOnceTheResponseIsWrittenAndAFailingOneLeavesTheConnectionServing() throws Exception {
        HttpServer server = LocalServer.start(app);
        try (var client = new RawClient(server.port())) {
            assertThat(client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("a");
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(order).containsExactly("body a", "after a");
            assertThat(client.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("b");
        } finally {
            LocalServer.stop(server);
        }
    }

    @Test
    void inProcessActionsRunOnceTheBodyIsProduced() {
        var exchange = LocalExchange.run(app, "GET", "/a", List.of(), new byte[0]);
        assertThat(exchange.body()).asString().isEqualTo("a");
        assertThat(order).containsExactly("body a", "after a");
    }
}
