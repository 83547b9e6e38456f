package dev.weft.examples.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Settable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.core.Deadline;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.examples.DemoTables;
import dev.weft.examples.users.UserInput;
import dev.weft.examples.users.UserPatch;
import dev.weft.examples.users.UserStore;
import dev.weft.http.client.HttpClient;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketClosed;
import dev.weft.pg.pool.PgPool;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live feed of one instance on a real PostgreSQL, over real sockets: changes reach SSE and WebSocket
 * clients, a reconnecting client resumes with exactly what it missed, and a lost LISTEN connection is
 * caught up from the change log.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveFeedTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDatabase database;
    private PgPool writes;
    private PgPool hubPool;
    private FeedHub hub;
    private HttpServer server;
    private HttpClient http;

    @BeforeAll
    void start(TestDatabase database) {
        this.database = database;
        String uri = database.uri("scram_user", "scram_pass");
        writes = PgPool.open(uri, cfg -> cfg.minSize(2).maxSize(4));
        DemoTables.create(writes);
        // Named so that the test can find and cut the hub's LISTEN connection.
        hubPool = PgPool.open(uri + "?application_name=feed-hub", cfg -> cfg.maxSize(4));
        var feed = new LiveFeed(FeedConfig.defaults());
        WebApp app = feed.mountOn(WebApp.create());
        hub = feed.start(hubPool);
        server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
        http = HttpClient.create();
    }

    @AfterAll
    void stop() {
        http.close();
        server.close();
        hub.close();
        hubPool.close();
        writes.close();
    }

    @Test
    void sseClientResumesFromLastEventIdWithExactlyTheChangesItMissedInOrder() throws Exception {
        long seen;
        try (SseClient first = SseClient.open(server.port(), "/events", WAIT)) {
            assertThat(first.status()).startsWith("HTTP/1.1 200");
            SseClient.Event ready = first.next();
            assertThat(ready.event()).isEqualTo("ready");
            long created = create("Resuming Ada");
            SseClient.Event change = first.next();
            assertThat(change.id()).isEqualTo(Long.toString(created));
            assertThat(JSON.readTree(change.data()).get("kind").asText()).isEqualTo("created");
            seen = Long.parseLong(change.id());
        }
        List<Long> missed = List.of(create("Missed One"), patchLatest(7), create("Missed Two"));

        try (SseClient again = SseClient.open(server.port(), "/events", WAIT, "Last-Event-ID: " + seen)) {
            assertThat(again.next()).isEqualTo(new SseClient.Event(Long.toString(seen), "ready",
                    "{\"kind\":\"ready\",\"id\":" + seen + "}"));
            for (long id : missed) {
                SseClient.Event event = again.next();
                assertThat(event.id()).isEqualTo(Long.toString(id));
                assertThat(JSON.readTree(event.data()).get("id").asLong()).isEqualTo(id);
            }
            long live = create("Live After Resuming");
            assertThat(again.next().id()).as("nothing twice: the live change comes right after the missed ones")
                    .isEqualTo(Long.toString(live));
        }
    }

    @Test
    void websocketClientResumesFromAfterWithExactlyTheChangesItMissedInOrder() throws Exception {
        long seen;
        try (WebSocket first = http.websocket(url("ws", "/ws/events"))) {
            assertThat(kind(receive(first))).isEqualTo("ready");
            long created = create("Socket Grace");
            JsonNode change = receive(first);
            assertThat(change.get("id").asLong()).isEqualTo(created);
            assertThat(change.get("user").get("name").asText()).isEqualTo("Socket Grace");
            seen = created;
        }
        List<Long> missed = List.of(create("Socket Missed"), patchLatest(9));

        try (WebSocket again = http.websocket(url("ws", "/ws/events?after=" + seen))) {
            JsonNode ready = receive(again);
            assertThat(kind(ready)).isEqualTo("ready");
            assertThat(ready.get("id").asLong()).isEqualTo(seen);
            assertThat(receive(again).get("id").asLong()).isEqualTo(missed.get(0));
            JsonNode patched = receive(again);
            assertThat(patched.get("id").asLong()).isEqualTo(missed.get(1));
            assertThat(kind(patched)).isEqualTo("updated");
            assertThat(patched.get("user").get("age").asInt()).isEqualTo(9);
            long live = create("Socket Live");
            assertThat(receive(again).get("id").asLong()).isEqualTo(live);
        }
    }

    @Test
    void aResumePositionThatIsNoChangeIdIsRefusedClearly() {
        try (SseClient refused = SseClient.open(server.port(), "/events", WAIT, "Last-Event-ID: yesterday")) {
            assertThat(refused.status()).startsWith("HTTP/1.1 400");
        }
        try (SseClient refused = SseClient.open(server.port(), "/events?after=-3", WAIT)) {
            assertThat(refused.status()).startsWith("HTTP/1.1 400");
        }
        try (WebSocket ws = http.websocket(url("ws", "/ws/events?after=x"))) {
            Deadline.within(WAIT, () -> {
                try {
                    ws.receive();
                    throw new AssertionError("a message on a refused feed");
                } catch (WebSocketClosed closed) {
                    assertThat(ws.closeStatus()).map(CloseStatus::code).contains(CloseStatus.POLICY_VIOLATION);
                    assertThat(ws.closeStatus().orElseThrow().reason()).contains("change id");
                }
            });
        }
    }

    @Test
    void changesMadeWhileTheListenConnectionIsDownArriveOnceItIsBack() throws Exception {
        try (SseClient client = SseClient.open(server.port(), "/events", WAIT)) {
            assertThat(client.next().event()).isEqualTo("ready");
            long gapsBefore = hub.statistics().gaps();
            // The hub cannot reconnect until CONNECT is granted again; the writers keep their open connections.
            database.execute("REVOKE CONNECT ON DATABASE \"" + database.name() + "\" FROM PUBLIC");
            List<Long> missed;
            try {
                assertThat(database.query("SELECT pg_terminate_backend(pid, 20000) FROM pg_stat_activity"
                        + " WHERE application_name = 'feed-hub' AND datname = current_database()")).isNotEmpty();
                long position = hub.statistics().position();
                missed = List.of(create("Gap One"), create("Gap Two"), patchLatest(3));
                assertThat(hub.statistics().position()).as("the hub cannot have heard of them").isEqualTo(position);
            } finally {
                database.execute("GRANT CONNECT ON DATABASE \"" + database.name() + "\" TO PUBLIC");
            }
            for (long id : missed) {
                assertThat(client.next().id()).isEqualTo(Long.toString(id));
            }
            assertThat(hub.statistics().gaps()).isGreaterThan(gapsBefore);
            long after = create("After The Gap");
            assertThat(client.next().id()).isEqualTo(Long.toString(after));
        }
    }

    @Test
    void shutdownEndsOpenStreamsWithoutWaitingOutTheGracePeriod() throws Exception {
        var feed = new LiveFeed(FeedConfig.defaults());
        WebApp app = feed.mountOn(WebApp.create());
        Duration grace = Duration.ofMinutes(10);
        try (FeedHub ownHub = feed.start(hubPool)) {
            HttpServer own = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).shutdownGrace(grace).build());
            try (SseClient sse = SseClient.open(own.port(), "/events", WAIT);
                 WebSocket ws = http.websocket("ws://127.0.0.1:" + own.port() + "/ws/events")) {
                assertThat(sse.next().event()).isEqualTo("ready");
                assertThat(kind(receive(ws))).isEqualTo("ready");
                long started = System.nanoTime();
                own.close();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("shutdown waited for the streams to end")
                        .isLessThan(grace.dividedBy(10));
                assertThat(sse.next()).as("the SSE stream ended").isNull();
                Deadline.within(WAIT, () -> {
                    try {
                        ws.receive();
                        throw new AssertionError("a message after shutdown");
                    } catch (WebSocketClosed closed) {
                        assertThat(ws.closeStatus()).map(CloseStatus::code).contains(CloseStatus.GOING_AWAY);
                    }
                });
                assertThat(ownHub.statistics().clients()).isZero();
            }
        }
    }

    /** Creates a user in a transaction of its own and returns the change-log id of the change. */
    private long create(String name) {
        return writes.transactionResult(tx -> {
            new UserStore(tx).create(new UserInput(name, Optional.empty(), Optional.empty()));
            return ChangeLog.head(tx);
        });
    }

    /** Sets the age of the newest user and returns the change-log id of the change. */
    private long patchLatest(int age) {
        return writes.transactionResult(tx -> {
            long id = tx.queryValue(Long.class, "SELECT max(id) FROM users");
            new UserStore(tx).patch(id, new UserPatch(Optional.empty(), Settable.unset(), Settable.of(age)));
            return ChangeLog.head(tx);
        });
    }

    private String url(String scheme, String target) {
        return scheme + "://127.0.0.1:" + server.port() + target;
    }

    static JsonNode receive(WebSocket ws) throws Exception {
        return JSON.readTree(Deadline.within(WAIT, () -> ws.receive().text()));
    }

    private static String kind(JsonNode message) {
        return message.get("kind").asText();
    }
}
