package dev.weft.examples.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.examples.DemoTables;
import dev.weft.examples.users.UserInput;
import dev.weft.examples.users.UserStore;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import dev.weft.pg.pool.PgPool;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A thousand SSE clients held by one instance, read by a single selector thread of the test's: each gets
 * its ready event and then the change made once all are connected.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class ThousandClientsTest {
    private static final int CLIENTS = 1000;
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    /** One client's socket and what it has read that may still hold the start of a marker. */
    private static final class Client {
        final SocketChannel channel;
        String tail = "";
        boolean found;

        Client(SocketChannel channel) {
            this.channel = channel;
        }
    }

    @Test
    void aThousandConnectedClientsEachGetTheChange(TestDatabase database) throws Exception {
        try (PgPool pool = PgPool.open(database.uri("scram_user", "scram_pass"), cfg -> cfg.maxSize(4))) {
            DemoTables.create(pool);
            var feed = new LiveFeed(FeedConfig.defaults());
            WebApp app = feed.mountOn(WebApp.create());
            try (FeedHub hub = feed.start(pool);
                 HttpServer server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
                 Selector selector = Selector.open()) {
                List<Client> clients = new ArrayList<>();
                try {
                    for (int i = 0; i < CLIENTS; i++) {
                        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
                        channel.write(ByteBuffer.wrap("GET /events HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                        channel.configureBlocking(false);
                        var client = new Client(channel);
                        channel.register(selector, SelectionKey.OP_READ, client);
                        clients.add(client);
                    }
                    awaitInEvery(clients, selector, "event: ready\n");
                    assertThat(hub.statistics().clients()).isEqualTo(CLIENTS);

                    long change = pool.transactionResult(tx -> {
                        new UserStore(tx).create(new UserInput("Everybody's News", Optional.empty(), Optional.empty()));
                        return ChangeLog.head(tx);
                    });
                    clients.forEach(c -> c.found = false);
                    awaitInEvery(clients, selector, "id: " + change + "\n");
                    assertThat(hub.statistics().dropped()).isZero();
                } finally {
                    for (Client client : clients) {
                        client.channel.close();
                    }
                }
            }
        }
    }

    /** Reads every client until each has received {@code marker}; fails after {@link #GIVE_UP}. */
    private static void awaitInEvery(List<Client> clients, Selector selector, String marker) throws IOException {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        long missing = clients.stream().filter(c -> !c.found).count();
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        while (missing > 0) {
            assertThat(System.nanoTime()).as("%d of %d clients still waiting for %s", missing, clients.size(), marker.trim())
                    .isLessThan(deadline);
            selector.select(1000);
            for (SelectionKey key : selector.selectedKeys()) {
                Client client = (Client) key.attachment();
                buffer.clear();
                int n = client.channel.read(buffer);
                assertThat(n).as("a client's stream ended").isNotNegative();
                String text = client.tail + new String(buffer.array(), 0, n, StandardCharsets.UTF_8);
                if (!client.found && text.contains(marker)) {
                    client.found = true;
                    missing--;
                }
                client.tail = text.substring(Math.max(0, text.length() - marker.length()));
            }
            selector.selectedKeys().clear();
        }
    }
}
