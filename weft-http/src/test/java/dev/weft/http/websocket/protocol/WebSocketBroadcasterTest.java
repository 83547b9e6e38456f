package dev.weft.http.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.DeflateOptions;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketBroadcaster;
import dev.weft.http.websocket.WebSocketClosed;
import dev.weft.http.websocket.WebSocketMessage;
import dev.weft.http.websocket.WebSocketOptions;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WebSocketBroadcasterTest {
    private static final WebSocketOptions OPTIONS = WebSocketOptions.builder().deflate(DeflateOptions.DISABLED)
            .closeTimeout(Duration.ofMillis(500)).build();

    /** A handler that joins the broadcaster and stays until the client leaves. */
    private static TestWebSocketServer.Handler member(WebSocketBroadcaster broadcaster) {
        return ws -> {
            broadcaster.add(ws);
            try {
                for (WebSocketMessage ignored : ws) {
                    // only listening
                }
            } finally {
                broadcaster.remove(ws);
            }
        };
    }

    @Test
    void deliversToEveryMemberInOrder() throws Exception {
        try (var broadcaster = WebSocketBroadcaster.create(64);
             var server = TestWebSocketServer.start(OPTIONS, member(broadcaster));
             var a = RawClient.connect(server.port());
             var b = RawClient.connect(server.port())) {
            server.nextSession();
            server.nextSession();
            awaitSize(broadcaster, 2);
            for (int i = 0; i < 20; i++) {
                broadcaster.broadcast("event " + i);
            }
            broadcaster.broadcast(new byte[] {1, 2, 3});
            for (RawClient client : List.of(a, b)) {
                for (int i = 0; i < 20; i++) {
                    assertThat(client.readText()).isEqualTo("event " + i);
                }
                assertThat(client.readFrame().payload()).containsExactly(1, 2, 3);
            }
        }
    }

    @Test
    void aSlowMemberIsClosedWith1013WithoutStallingTheOthers() throws Exception {
        int messages = 100;
        byte[] payload = new byte[64 * 1024];
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (var broadcaster = WebSocketBroadcaster.create(4);
             var server = TestWebSocketServer.start(OPTIONS, socket -> {
                 if (first.compareAndSet(true, false)) {
                     setSendBuffer(socket); // only the slow member, which connects first
                 }
             }, member(broadcaster))) {
            Socket tiny = new Socket();
            tiny.setReceiveBufferSize(4096);
            try (var slow = RawClient.connect(tiny, server.port())) { // never reads
                WebSocketSession slowSession = server.nextSession();
                List<RawClient> fast = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    fast.add(RawClient.connect(server.port()));
                    server.nextSession();
                }
                awaitSize(broadcaster, 4);
                Semaphore delivered = new Semaphore(0);
                CountDownLatch done = new CountDownLatch(fast.size());
                List<Thread> readers = new ArrayList<>();
                int[] counts = new int[fast.size()];
                for (int c = 0; c < fast.size(); c++) {
                    RawClient client = fast.get(c);
                    int index = c;
                    readers.add(Thread.ofVirtual().start(() -> {
                        try {
                            for (int i = 0; i < messages; i++) {
                                Frame frame = client.readFrame();
                                assertThat(frame.payload()).hasSize(payload.length);
                                assertThat(frame.payload()[0]).isEqualTo((byte) i);
                                counts[index]++;
                                delivered.release();
                            }
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        } finally {
                            done.countDown();
                        }
                    }));
                }
                for (int i = 0; i < messages; i++) {
                    byte[] message = payload.clone();
                    message[0] = (byte) i;
                    broadcaster.broadcast(message);
                    // Pace on the fast members only: the slow one falls behind until its queue overflows.
                    assertThat(delivered.tryAcquire(fast.size(), 10, TimeUnit.SECONDS)).as("message %d reached the fast members", i).isTrue();
                }
                assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
                for (Thread reader : readers) {
                    reader.join();
                }
                assertThat(counts).containsOnly(messages);
                assertThat(broadcaster.size()).isEqualTo(3);
                assertThat(slowSession.awaitClosed(Duration.ofSeconds(10))).isTrue();
                assertThat(slowSession.closeStatus()).hasValueSatisfying(s -> assertThat(s.code()).isEqualTo(1013));
                for (RawClient client : fast) {
                    client.close();
                }
                assertThat(slow.awaitEndOfStream()).as("the slow member's connection was dropped").isTrue();
            }
        }
    }

    @Test
    void closedSocketsLeaveAndAClosedBroadcasterRefusesMembers() throws Exception {
        var broadcaster = WebSocketBroadcaster.create();
        try (var server = TestWebSocketServer.start(OPTIONS, member(broadcaster));
             var client = RawClient.connect(server.port())) {
            WebSocketSession session = server.nextSession();
            awaitSize(broadcaster, 1);
            assertThat(broadcaster.add(session)).isFalse();
            client.sendClose(1000, "");
            assertThat(client.readClose().code()).isEqualTo(1000);
            awaitSize(broadcaster, 0);
            broadcaster.broadcast("nobody listens"); // must not fail
            assertThat(broadcaster.add(new NeverOpen())).isTrue();
            broadcaster.broadcast("to a closed socket");
            awaitSize(broadcaster, 0); // its failed send removed it
        }
        broadcaster.close();
        assertThatThrownBy(() -> broadcaster.add(new NeverOpen())).isInstanceOf(IllegalStateException.class);
    }

    private static void setSendBuffer(Socket socket) {
        try {
            socket.setSendBufferSize(8192);
        } catch (java.net.SocketException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitSize(WebSocketBroadcaster broadcaster, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (broadcaster.size() != size && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(broadcaster.size()).isEqualTo(size);
    }

    /** A socket that is already closed, for the membership check. */
    private static final class NeverOpen implements WebSocket {
        @Override public WebSocketMessage receive() { throw new WebSocketClosed(new CloseStatus(1000, "")); }
        @Override public void send(String text) { throw new WebSocketClosed(new CloseStatus(1000, "")); }
        @Override public void send(byte[] data) { throw new WebSocketClosed(new CloseStatus(1000, "")); }
        @Override public void ping(byte[] payload) { throw new WebSocketClosed(new CloseStatus(1000, "")); }
        @Override public void close() { }
        @Override public void close(int code, String reason) { }
        @Override public boolean isOpen() { return false; }
        @Override public java.util.Optional<String> subprotocol() { return java.util.Optional.empty(); }
        @Override public java.util.Optional<CloseStatus> closeStatus() { return java.util.Optional.of(new CloseStatus(1000, "")); }
        @Override public java.util.Iterator<WebSocketMessage> iterator() { return java.util.Collections.emptyIterator(); }
    }
}
