package dev.weft.examples.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.TaskGroup;
import dev.weft.core.Task;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.examples.DemoTables;
import dev.weft.http.client.HttpClient;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocket;
import dev.weft.pg.pool.PgPool;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that stops reading fills its own bounded queue and is dropped (SSE: a {@code dropped} event and
 * the connection closes; WebSocket: 1013), while a client beside it keeps receiving every change.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientTest {
    private static final int QUEUE = 16;
    private static final Duration GIVE_UP = Duration.ofSeconds(120);
    /** Big changes fill the socket buffers between server and stalled client sooner. */
    private static final Map<String, String> BIG_USER = Map.of("name", "x".repeat(2000));

    private PgPool pool;
    private FeedHub hub;
    private HttpServer server;

    @BeforeAll
    void start(TestDatabase database) {
        pool = PgPool.open(database.uri("scram_user", "scram_pass"), cfg -> cfg.maxSize(4));
        DemoTables.create(pool);
        var feed = new LiveFeed(FeedConfig.defaults().withQueueCapacity(QUEUE));
        WebApp app = feed.mountOn(WebApp.create());
        hub = feed.start(pool);
        server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
    }

    @AfterAll
    void stop() {
        server.close();
        hub.close();
        pool.close();
    }

    @Test
    void aStalledSseClientIsDroppedWhileAnotherReceivesEveryChange() throws Exception {
        try (Socket stalled = stalledClient("GET /events HTTP/1.0\r\n\r\n"); SseClient reader = SseClient.open(server.port(), "/events", LiveFeedTest.WAIT)) {
            assertThat(reader.next().event()).isEqualTo("ready");
            long first = ChangeLog.head(pool) + 1;
            TaskGroup.run(group -> {
                BlockingQueue<Long> received = new LinkedBlockingQueue<>();
                Task<Void> reading = group.spawn(() -> {
                    for (SseClient.Event e = reader.next(); e != null; e = reader.next()) {
                        received.add(Long.parseLong(e.id()));
                    }
                });
                List<Long> got = produceUntilDropped(1, received);
                assertThat(got).as("the reader got every change, in order")
                        .isEqualTo(ChangeLog.between(pool, first - 1, got.getLast(), Integer.MAX_VALUE).stream().map(FeedEvent::id).toList());
                reading.cancel();
            });
            assertThat(hub.statistics().clients()).as("only the reader is left").isEqualTo(1);

            String rest = readToEnd(stalled.getInputStream());
            assertThat(rest).as("the stalled client hears why, then the connection closes")
                    .contains("event: dropped\ndata: too slow: more than " + QUEUE + " changes waiting");
        }
    }

    @Test
    void aStalledWebSocketClientIsClosedWith1013WhileAnotherReceivesEveryChange() throws Exception {
        try (HttpClient http = HttpClient.create();
             Socket stalled = stalledClient("GET /ws/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                     + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
             WebSocket reader = http.websocket("ws://127.0.0.1:" + server.port() + "/ws/events")) {
            assertThat(LiveFeedTest.receive(reader).get("kind").asText()).isEqualTo("ready");
            long first = ChangeLog.head(pool) + 1;
            long dropsBefore = hub.statistics().dropped();
            TaskGroup.run(group -> {
                BlockingQueue<Long> received = new LinkedBlockingQueue<>();
                Task<Void> reading = group.spawn(() -> {
                    while (true) {
                        received.add(LiveFeedTest.receive(reader).get("id").asLong());
                    }
                });
                List<Long> got = produceUntilDropped(dropsBefore + 1, received);
                assertThat(got).as("the reader got every change, in order")
                        .isEqualTo(ChangeLog.between(pool, first - 1, got.getLast(), Integer.MAX_VALUE).stream().map(FeedEvent::id).toList());
                reading.cancel();
            });
            assertThat(closeCode(stalled.getInputStream())).isEqualTo(CloseStatus.TRY_AGAIN_LATER);
        }
    }

    /**
     * Records batches of big changes, each smaller than a queue and each received by the reading client
     * before the next (so that only a client that stopped reading can fall behind), until the hub has
     * dropped {@code drops} clients in all; returns the ids the reading client received.
     */
    private List<Long> produceUntilDropped(long drops, BlockingQueue<Long> received) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        List<Long> ids = new ArrayList<>();
        while (hub.statistics().dropped() < drops) {
            assertThat(System.nanoTime()).as("a stalled client dropped within " + GIVE_UP).isLessThan(deadline);
            long last = pool.transactionResult(tx -> {
                for (int i = 0; i < QUEUE / 2; i++) {
                    ChangeLog.record(tx, ChangeKind.updated, 1, BIG_USER);
                }
                return ChangeLog.head(tx);
            });
            while (ids.isEmpty() || ids.getLast() < last) {
                Long id = received.poll(LiveFeedTest.WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(id).as("change %d reached the reading client", last).isNotNull();
                ids.add(id);
            }
        }
        return ids;
    }

    /** A client with a tiny receive window that sends {@code request} and then reads nothing until told. */
    private Socket stalledClient(String request) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
        socket.setSoTimeout((int) LiveFeedTest.WAIT.toMillis());
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /** Reads a WebSocket's 101 head and its (unmasked, uncompressed) frames up to the close frame; its code, or 1006 at EOF. */
    private static int closeCode(InputStream raw) throws IOException {
        var in = new DataInputStream(new BufferedInputStream(raw));
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return CloseStatus.ABNORMAL_CLOSURE;
            }
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        while (true) {
            int opcode;
            long length;
            try {
                opcode = in.readUnsignedByte() & 0x0f;
                length = in.readUnsignedByte() & 0x7f;
                length = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
            } catch (EOFException e) {
                return CloseStatus.ABNORMAL_CLOSURE;
            }
            byte[] payload = in.readNBytes((int) length);
            if (opcode == 8) {
                return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            }
        }
    }

    private static String readToEnd(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
