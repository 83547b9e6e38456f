package dev.weft.examples.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.http.server.HttpServer;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two demo instances on one PostgreSQL behind Debian's nginx, configured by the file docs/deploy.md
 * shows: the feed reaches clients whichever instance they and the writer landed on, and one instance
 * can go away without losing an acknowledged write or the service.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class BehindNginxTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The status of a write whose connection closed with no answer. */
    private static final int UNANSWERED = -1;
    /** Writes the test waits for before the kill and after it. */
    private static final int WRITES_EACH_SIDE = 40;

    @Test
    void aChangeMadeThroughOneInstanceReachesFeedClientsOnTheOther(TestDatabase database) throws Exception {
        database.execute("GRANT CREATE ON DATABASE " + database.name() + " TO scram_user"); // for schema weft_demo
        String uri = database.uri("scram_user", "scram_pass");
        try (var site = Site.start(uri, uri);
             var sse = FeedReader.sse("http://127.0.0.1:" + site.nginx.port() + "/events");
             var ws = FeedReader.webSocket("ws://127.0.0.1:" + site.nginx.port() + "/ws/events")) {
            assertThat(sse.next(WAIT).get("kind").asText()).isEqualTo("ready");
            assertThat(ws.next(WAIT).get("kind").asText()).isEqualTo("ready");

            // Round robin: consecutive writes land on both instances; each feed client sits on one of them,
            // so each receives a change made through the instance it is not connected to.
            Map<String, Long> userByInstance = new HashMap<>();
            for (int i = 0; userByInstance.size() < 2; i++) {
                assertThat(i).as("writes through nginx all landed on %s", userByInstance.keySet()).isLessThan(6);
                Site.Reply created = site.createUser("Round Robin " + i);
                userByInstance.putIfAbsent(created.upstream(), created.json().get("id").asLong());
            }
            assertThat(userByInstance.keySet())
                    .containsExactlyInAnyOrderElementsOf(site.instances.stream().map(Site::address).toList());

            for (FeedReader reader : List.of(sse, ws)) {
                Set<Long> seen = new HashSet<>();
                while (!seen.containsAll(userByInstance.values())) {
                    JsonNode change = reader.next(WAIT);
                    assertThat(change.get("kind").asText()).isEqualTo("created");
                    seen.add(change.get("userId").asLong());
                }
            }
        }
    }

    @Test
    void killingOneInstanceLosesNoAcknowledgedWriteAndTheOtherKeepsServing(TestDatabase database) throws Exception {
        database.execute("GRANT CREATE ON DATABASE " + database.name() + " TO scram_user"); // for schema weft_demo
        String uri = database.uri("scram_user", "scram_pass");
        try (var site = Site.start(uri, uri)) {
            HttpServer killed = site.instances.get(0);
            HttpServer survivor = site.instances.get(1);
            var writes = new ConcurrentLinkedQueue<Write>();
            var killing = new AtomicBoolean();
            var killedDone = new AtomicBoolean();
            var stop = new AtomicBoolean();
            var beforeKill = new CountDownLatch(WRITES_EACH_SIDE);
            var afterKill = new CountDownLatch(WRITES_EACH_SIDE);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String writer = "writer-" + w;
                writers.add(Thread.ofVirtual().start(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        boolean startedAfterKill = killedDone.get();
                        String name = writer + "-" + n;
                        Site.Reply reply;
                        try {
                            reply = site.send("POST", "/users", "{\"name\":\"" + name + "\"}");
                        } catch (UncheckedIOException e) {
                            reply = new Site.Reply(UNANSWERED, List.of(), null);
                        }
                        writes.add(new Write(name, reply, killing.get(), startedAfterKill));
                        (startedAfterKill ? afterKill : beforeKill).countDown();
                    }
                }));
            }
            assertThat(beforeKill.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("writes before the kill: %s", writes).isTrue();
            killing.set(true);
            killed.close(); // graceful: stops accepting, lets the requests it took finish
            killedDone.set(true);
            assertThat(afterKill.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("writes after the kill: %s", writes).isTrue();
            stop.set(true);
            for (Thread writer : writers) {
                assertThat(writer.join(WAIT)).as("a writer ended").isTrue();
            }

            assertThat(acknowledgedBy(writes)).as("both instances served before the kill")
                    .containsExactlyInAnyOrder(Site.address(killed), Site.address(survivor));
            Set<String> stored = new HashSet<>();
            database.query("SELECT name FROM weft_demo.users").forEach(row -> stored.add(row.getFirst()));
            for (Write write : writes) {
                if (write.reply().status() == 201) {
                    assertThat(stored).as("acknowledged write %s", write).contains(write.name());
                } else {
                    // Only a POST in flight at the kill can fail; nginx does not send it again (see docs/deploy.md).
                    assertThat(write.endedOnceKilling() && !write.startedAfterKill()).as("failed outside the kill: %s", write).isTrue();
                    assertThat(write.reply().status()).as("%s", write).isIn(502, UNANSWERED);
                }
                if (write.startedAfterKill()) {
                    assertThat(write.reply().status()).as("%s", write).isEqualTo(201);
                    assertThat(write.reply().upstream()).as("%s", write).isEqualTo(Site.address(survivor));
                }
            }
            System.out.printf("BehindNginxTest: %d POSTs, %d passed on to the survivor by nginx, %d answered 502, "
                            + "%d unanswered of which %d stored%n", writes.size(),
                    writes.stream().filter(write -> write.reply().tried().size() > 1).count(),
                    writes.stream().filter(write -> write.reply().status() == 502).count(),
                    writes.stream().filter(write -> write.reply().status() == UNANSWERED).count(),
                    writes.stream().filter(write -> write.reply().status() == UNANSWERED && stored.contains(write.name())).count());
            Site.Reply list = site.send("GET", "/users?limit=1", null);
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.upstream()).isEqualTo(Site.address(survivor));
        }
    }

    /** One POST through nginx: the name it gave, what came back, whether it ended once the kill had begun and started once it was over. */
    private record Write(String name, Site.Reply reply, boolean endedOnceKilling, boolean startedAfterKill) {
    }

    private static Set<String> acknowledgedBy(Iterable<Write> writes) {
        Set<String> instances = new HashSet<>();
        for (Write write : writes) {
            if (write.reply().status() == 201) {
                instances.add(write.reply().upstream());
            }
        }
        return instances;
    }
}
