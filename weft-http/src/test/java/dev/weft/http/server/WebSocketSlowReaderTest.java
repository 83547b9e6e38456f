package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Task;
import dev.weft.core.TaskGroup;
import dev.weft.http.server.http1.Http1Server;
import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocketBroadcaster;
import dev.weft.http.websocket.WebSocketClosed;
import dev.weft.http.websocket.WebSocketMessage;
import dev.weft.http.websocket.WebSocketOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * WebSocket peers that never read: what the server sends them is bounded per connection and over the
 * whole server, each is dropped with 1013 at once, and the server keeps serving everyone else. The write
 * timeout is set far beyond the test so that only the bounds can end the stuck connections.
 */
class WebSocketSlowReaderTest {
    private static final byte[] MESSAGE = new byte[256 * 1024];

    /** A peer that completes the handshake and then never reads (a tiny receive window fills at once). */
    private static Socket stalledPeer(int port, String path) throws IOException {
        var socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        var head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("handshake answer").isNotNegative();
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
        return socket;
    }

    static List<Socket> stalledPeers(int port, String path, int count) throws IOException {
        List<Socket> peers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            peers.add(stalledPeer(port, path));
        }
        return peers;
    }

    /** The close statuses of {@code count} sockets, as their routes end (each within a generous deadline). */
    private static List<CloseStatus> awaitEnds(BlockingQueue<CloseStatus> ends, int count) throws InterruptedException {
        List<CloseStatus> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CloseStatus end = ends.poll(60, TimeUnit.SECONDS);
            assertThat(end).as("socket %d dropped", i).isNotNull();
            statuses.add(end);
        }
        return statuses;
    }

    private static ServerConfig config(long serverWide) {
        return config(serverWide, Duration.ofMinutes(10));
    }

    private static ServerConfig config(long serverWide, Duration writeTimeout) {
        return LocalServer.config().writeTimeout(writeTimeout).maxWebSocketOutboundBytes(serverWide).build();
    }

    /** An app whose {@code /hog} sockets each get four senders once {@code peers} sockets are open. */
    private static WebApp app(WebSocketOptions options, int peers, BlockingQueue<CloseStatus> ends) {
        var allOpen = new CountDownLatch(peers);
        return WebApp.create()
                .get("/", req -> Response.text("ok"))
                .websocket("/echo", (req, ws) -> {
                    for (WebSocketMessage message : ws) {
                        ws.send(message.text());
                    }
                })
                .websocket("/hog", options, (req, ws) -> {
                    allOpen.countDown();
                    allOpen.await();
                    // Four senders at once, as several producers of one client's feed would be.
                    List<Task<CloseStatus>> sends = new ArrayList<>();
                    try (var senders = TaskGroup.open()) {
                        for (int i = 0; i < 4; i++) {
                            sends.add(senders.spawn(() -> {
                                try {
                                    while (true) {
                                        ws.send(MESSAGE);
                                    }
                                } catch (WebSocketClosed e) {
                                    return e.status();
                                }
                            }));
                        }
                        senders.join();
                    }
                    ends.add(sends.getFirst().join());
                });
    }

    @Test
    void aPeerThatStopsReadingIsDroppedWith1013AtItsOwnBound() throws Exception {
        var ends = new LinkedBlockingQueue<CloseStatus>();
        var options = WebSocketOptions.builder().maxOutboundBytes(512 * 1024).build();
        var config = config(1L << 30);
        var served = new ServedApp(app(options, 5, ends), config);
        try (var server = Http1Server.start(served, config)) {
            List<Socket> peers = stalledPeers(server.port(), "/hog", 5);
            try {
                for (CloseStatus end : awaitEnds(ends, 5)) {
                    assertThat(end.code()).isEqualTo(CloseStatus.TRY_AGAIN_LATER);
                    assertThat(end.reason()).startsWith("too slow: more than 524288 bytes waiting");
                }
            } finally {
                closeAll(peers);
            }
            assertThat(served.webSocketOutbound().used()).as("bytes still reserved").isZero();
        }
    }

    @Test
    void hundredPeersThatNeverReadStayWithinTheServerWideBoundAndOthersAreServed() throws Exception {
        int peersCount = 100;
        // Room for two sockets' four stuck sends: the others find the server-wide bound full and are dropped by
        // it. The two within every bound wait for the write timeout, which ends them as 1006.
        long serverWide = 2L << 20;
        var ends = new LinkedBlockingQueue<CloseStatus>();
        var options = WebSocketOptions.builder().maxOutboundBytes(64L << 20).build();
        var config = config(serverWide, Duration.ofSeconds(3));
        var served = new ServedApp(app(options, peersCount, ends), config);
        try (var server = Http1Server.start(served, config)) {
            List<Socket> peers = stalledPeers(server.port(), "/hog", peersCount);
            try {
                int overloaded = 0;
                for (CloseStatus end : awaitEnds(ends, peersCount)) {
                    if (end.code() == CloseStatus.TRY_AGAIN_LATER) {
                        assertThat(end.reason()).startsWith("server overloaded");
                        overloaded++;
                    } else {
                        assertThat(end.code()).as(end.toString()).isEqualTo(CloseStatus.ABNORMAL_CLOSURE);
                    }
                }
                assertThat(peersCount - overloaded).as("sockets that held their sends until the write timeout")
                        .isLessThanOrEqualTo((int) (serverWide / MESSAGE.length));
                assertThat(served.webSocketOutbound().peak()).as("bytes ever waiting at once").isLessThanOrEqualTo(serverWide);
                System.out.printf("slow readers: %d peers dropped (%d with 1013 by the server-wide bound);"
                                + " at most %d KiB waiting at once (bound %d KiB)%n",
                        peersCount, overloaded, served.webSocketOutbound().peak() >> 10, serverWide >> 10);
                assertFreshClientsServed(server.port());
            } finally {
                closeAll(peers);
            }
            assertThat(served.webSocketOutbound().used()).as("bytes still reserved").isZero();
        }
    }

    @Test
    void aBroadcastToHundredPeersThatNeverReadNeverBlocksAndDropsThem() throws Exception {
        int peersCount = 100;
        var config = config(8L << 20);
        var joined = new CountDownLatch(peersCount);
        var left = new CountDownLatch(peersCount);
        // The broadcaster closes an overflowing member with 1013, which waits for its stuck send up to the close timeout.
        var options = WebSocketOptions.builder().closeTimeout(Duration.ofSeconds(1)).build();
        try (var feed = WebSocketBroadcaster.create(1000, 1 << 20)) {
            var app = WebApp.create().get("/", req -> Response.text("ok")).websocket("/echo", (req, ws) -> {
                for (WebSocketMessage message : ws) {
                    ws.send(message.text());
                }
            }).websocket("/feed", options, (req, ws) -> {
                feed.add(ws);
                joined.countDown();
                try {
                    for (WebSocketMessage ignored : ws) {
                        // Nothing is ever sent by these peers.
                    }
                } finally {
                    feed.remove(ws);
                    left.countDown();
                }
            });
            try (var server = HttpServer.start(app, config)) {
                List<Socket> peers = stalledPeers(server.port(), "/feed", peersCount);
                try {
                    assertThat(joined.await(60, TimeUnit.SECONDS)).isTrue();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 200; i++) {
                        feed.broadcast(MESSAGE);
                    }
                    Duration broadcasting = Duration.ofNanos(System.nanoTime() - t0);
                    assertThat(left.await(60, TimeUnit.SECONDS)).as("every stalled peer dropped").isTrue();
                    assertThat(feed.size()).isZero();
                    System.out.printf("broadcast: 200 messages of 256 KiB to %d stalled peers in %d ms%n",
                            peersCount, broadcasting.toMillis());
                    assertFreshClientsServed(server.port());
                } finally {
                    closeAll(peers);
                }
            }
        }
    }

    private static void assertFreshClientsServed(int port) throws Exception {
        try (var c = new RawClient(port)) {
            assertThat(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("ok");
        }
        var echoed = new CompletableFuture<String>();
        try (var http = HttpClient.newHttpClient()) {
            var ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo"),
                    new java.net.http.WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data, boolean last) {
                            echoed.complete(data.toString());
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
            ws.sendText("still here", true);
            assertThat(echoed.get(30, TimeUnit.SECONDS)).isEqualTo("still here");
            ws.abort();
        }
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
