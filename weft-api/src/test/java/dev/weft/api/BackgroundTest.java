package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Cancelled;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class BackgroundTest {
    static final class Work {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch ran = new CountDownLatch(2);
        final List<String> log = new CopyOnWriteArrayList<>();

        @Post("/signup")
        String signup(BackgroundTasks background) {
            background.add("welcome mail", () -> {
                release.await();
                log.add("mail sent");
                ran.countDown();
            });
            background.add("broken task", () -> {
                ran.countDown();
                throw new IllegalStateException("smtp down");
            });
            return "queued";
        }

        @Post("/failing")
        String failing(BackgroundTasks background) {
            background.add("never", () -> log.add("ran although the handler failed"));
            throw new IllegalStateException("handler failed");
        }

        @Post("/forever")
        String forever(BackgroundTasks background) {
            background.add("forever", () -> {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException | Cancelled e) {
                    log.add("cancelled at shutdown");
                    throw e;
                }
            });
            return "started";
        }
    }

    @Test
    void tasksRunAfterTheHandlerWithoutDelayingTheResponseAndFailuresAreLogged() throws Exception {
        var failures = new CopyOnWriteArrayList<String>();
        var seen = new CountDownLatch(1);
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage().contains("broken task") && record.getThrown() != null) {
                    failures.add(record.getMessage() + ": " + record.getThrown().getMessage());
                    seen.countDown();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.weft.api");
        logger.addHandler(capture);
        try {
            var work = new Work();
            Api api = Api.builder().controller(work).build();
            var client = TestClient.of(api.mountOn(WebApp.create()));
            // The response comes back while the mail task still waits to be released.
            assertThat(client.request("POST", "/signup").send().json().asText()).isEqualTo("queued");
            assertThat(work.log).isEmpty();
            work.release.countDown();
            assertThat(work.ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(failures).containsExactly("background task broken task failed: smtp down");
            assertThat(client.request("POST", "/failing").send().status()).isEqualTo(500);
            work.log.remove("mail sent");
            assertThat(work.log).isEmpty();
        } finally {
            logger.removeHandler(capture);
        }
    }

    static final class Report {
        // Far more than the socket buffers between server and client hold (4 MiB send buffer at most here,
        // a 16 KiB receive window): the write can only finish once the client reads.
        static final int SIZE = 16 << 20;
        final CountDownLatch returned = new CountDownLatch(1);
        final CountDownLatch started = new CountDownLatch(1);

        @Get("/report")
        Response report(BackgroundTasks background) {
            background.add("after the report", started::countDown);
            returned.countDown();
            return Response.bytes(new byte[SIZE], "application/octet-stream");
        }
    }

    @Test
    void tasksStartOnlyOnceTheWholeResponseIsWrittenToTheClient() throws Exception {
        var report = new Report();
        var app = Api.builder().controller(report).mountOn(WebApp.create());
        try (var server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
             var socket = new Socket()) {
            socket.setReceiveBufferSize(16 << 10);
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.getOutputStream().write("GET /report HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(report.returned.await(30, TimeUnit.SECONDS)).isTrue();
            // The handler has returned and the client reads nothing, so the response cannot be out: the
            // task must not start. A task started with the handler's return would show within this wait;
            // a slow machine can only make the check weaker, never fail a correct server.
            assertThat(report.started.await(1, TimeUnit.SECONDS)).isFalse();
            long received = socket.getInputStream().transferTo(OutputStream.nullOutputStream());
            assertThat(received).isGreaterThan(Report.SIZE);
            assertThat(report.started.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shutdownWaitsForTasksWithABoundThenCancelsThem() {
        var work = new Work();
        var app = WebApp.create();
        Api.builder().controller(work).backgroundGrace(Duration.ofMillis(200)).mountOn(app);
        try (var client = TestClient.serving(app)) {
            assertThat(client.request("POST", "/forever").send().text()).contains("started");
        }
        assertThat(work.log).containsExactly("cancelled at shutdown");
    }
}
