package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Cancelled;
import dev.weft.http.server.WebApp;
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
