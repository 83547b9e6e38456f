package dev.weft.http.websocket.protocol;

import static dev.weft.http.websocket.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.core.Cancelled;
import dev.weft.core.Deadline;
import dev.weft.core.DeadlineExceeded;
import dev.weft.core.Task;
import dev.weft.core.TaskGroup;
import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.DeflateOptions;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketClosed;
import dev.weft.http.websocket.WebSocketMessage;
import dev.weft.http.websocket.WebSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Protocol edges over real sockets: a scripted raw client against {@link TestWebSocketServer}. */
class WebSocketSessionTest {
    private static final WebSocketOptions PLAIN = WebSocketOptions.builder().deflate(DeflateOptions.DISABLED)
            .closeTimeout(Duration.ofSeconds(5)).build();

    @Test
    void echoesTextAndBinaryMessages() throws Exception {
        try (var server = TestWebSocketServer.start(PLAIN, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            client.sendText("Hello");
            assertThat(client.readText()).isEqualTo("Hello");
            client.send(Frame.BINARY, true, hex("00 01 02 ff"));
            Frame binary = client.readFrame();
            assertThat(binary.opcode()).isEqualTo(Frame.BINARY);
            assertThat(binary.payload()).isEqualTo(hex("00 01 02 ff"));
        }
    }

    @Test
    void answersPingsWithPongsCarryingTheSamePayload() throws Exception {
        try (var server = TestWebSocketServer.start(PLAIN, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            client.send(Frame.PING, true, "are you there".getBytes(StandardCharsets.UTF_8));
            Frame pong = client.readFrame();
            assertThat(pong.opcode()).isEqualTo(Frame.PONG);
            assertThat(new String(pong.payload(), StandardCharsets.UTF_8)).isEqualTo("are you there");
        }
    }

    @Test
    void reassemblesFragmentsAndAnswersAPingSentBetweenThem() throws Exception {
        try (var server = TestWebSocketServer.start(PLAIN, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            client.send(Frame.TEXT, false, "Hel".getBytes(StandardCharsets.UTF_8));
            client.send(Frame.PING, true, hex("2a"));
            client.send(Frame.CONTINUATION, false, "lo, ".getBytes(StandardCharsets.UTF_8));
            client.send(Frame.CONTINUATION, true, "world".getBytes(StandardCharsets.UTF_8));
            Frame pong = client.readFrame();
            assertThat(pong.opcode()).isEqualTo(Frame.PONG);
            assertThat(pong.payload()).isEqualTo(hex("2a"));
            assertThat(client.readText()).isEqualTo("Hello, world");
        }
    }

    @Test
    void handlesEmptyMessagesOneByteFragmentsAndMaximalControlFrames() throws Exception {
        try (var server = TestWebSocketServer.start(PLAIN, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            client.send(Frame.TEXT, true, new byte[0]);
            assertThat(client.readText()).isEmpty();
            client.send(Frame.BINARY, true, new byte[0]);
            assertThat(client.readFrame().payload()).isEmpty();
            byte[] euro = "\u20ac!".getBytes(StandardCharsets.UTF_8); // a 3-byte character, one byte per frame
            client.send(Frame.TEXT, false, new byte[0]);
            for (int i = 0; i < euro.length; i++) {
                client.send(Frame.CONTINUATION, i == euro.length - 1, new byte[] {euro[i]});
            }
            assertThat(client.readText()).isEqualTo("\u20ac!");
            byte[] maximal = new byte[125];
            maximal[124] = 9;
            client.send(Frame.PING, true, maximal);
            Frame pong = client.readFrame();
            assertThat(pong.opcode()).isEqualTo(Frame.PONG);
            assertThat(pong.payload()).isEqualTo(maximal);
            client.sendClose(1000, "r".repeat(123));
            assertThat(client.readClose()).isEqualTo(new CloseStatus(1000, "r".repeat(123)));
        }
    }

    @Test
    void heartbeatSparesAPeerWhoseMessagesWaitForTheApplication() throws Exception {
        WebSocketOptions options = PLAIN.toBuilder().heartbeat(Duration.ofMillis(200)).receiveQueueSize(1).build();
        CountDownLatch go = new CountDownLatch(1);
        try (var server = TestWebSocketServer.start(options, ws -> {
                 go.await();
                 StringBuilder all = new StringBuilder();
                 for (int i = 0; i < 5; i++) {
                     all.append(ws.receive().text());
                 }
                 ws.send(all.toString());
             });
             var client = RawClient.connect(server.port())) {
            for (int i = 0; i < 5; i++) {
                client.sendText(Integer.toString(i)); // the read loop blocks on the full queue after the first
            }
            Thread.sleep(1200); // six heartbeat intervals in which no pong can be read (this client never answers)
            go.countDown();
            assertThat(client.readText()).isEqualTo("01234");
        }
    }

    @Test
    void peerCloseIsEchoedAndTheServerClosesTheConnection() throws Exception {
        try (var server = TestWebSocketServer.start(PLAIN, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            WebSocketSession session = server.nextSession();
            client.sendClose(4001, "bye");
            assertThat(client.readClose()).isEqualTo(new CloseStatus(4001, "bye"));
            assertThat(client.awaitEndOfStream()).isTrue();
            assertThat(session.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(session.closeStatus()).contains(new CloseStatus(4001, "bye"));
            assertThat(session.isOpen()).isFalse();
        }
    }

    @Test
    void closeWithoutCodeIsEchoedEmptyAndReportedAs1005() throws Exception {
        try (var server = TestWebSocketServer.start(PLAIN, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            WebSocketSession session = server.nextSession();
            client.send(Frame.CLOSE, true, new byte[0]);
            Frame echo = client.readFrame();
            assertThat(echo.opcode()).isEqualTo(Frame.CLOSE);
            assertThat(echo.payload()).isEmpty();
            assertThat(session.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(session.closeStatus()).contains(new CloseStatus(1005, ""));
        }
    }

    @Test
    void serverInitiatedCloseWaitsForTheEchoThenClosesTheConnection() throws Exception {
        try (var server = TestWebSocketServer.start(PLAIN, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            WebSocketSession session = server.nextSession();
            client.sendText("close");
            assertThat(client.readClose()).isEqualTo(new CloseStatus(1000, ""));
            assertThat(session.isOpen()).isFalse();
            client.sendClose(1000, "");
            assertThat(client.awaitEndOfStream()).isTrue();
            assertThat(session.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(session.closeStatus()).contains(new CloseStatus(1000, ""));
            assertThatThrownBy(() -> session.send("late")).isInstanceOf(WebSocketClosed.class);
        }
    }

    @Test
    void closeTimeoutDropsAPeerThatNeverAnswers() throws Exception {
        WebSocketOptions options = PLAIN.toBuilder().closeTimeout(Duration.ofMillis(300)).build();
        try (var server = TestWebSocketServer.start(options, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            WebSocketSession session = server.nextSession();
            client.sendText("close");
            assertThat(client.readClose().code()).isEqualTo(1000);
            assertThat(client.awaitEndOfStream()).as("dropped within the 10 s read timeout").isTrue();
            assertThat(session.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(session.closeStatus()).hasValueSatisfying(s -> assertThat(s.code()).isEqualTo(1006));
        }
    }

    @Test
    void unmaskedClientFrameFailsWith1002AndDropsTheConnection() throws Exception {
        try (var server = TestWebSocketServer.start(PLAIN, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            WebSocketSession session = server.nextSession();
            client.sendRaw(hex("81 05 48 65 6c 6c 6f"));
            assertThat(client.readClose().code()).isEqualTo(1002);
            assertThat(client.awaitEndOfStream()).isTrue();
            assertThat(session.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(session.closeStatus()).hasValueSatisfying(s -> {
                assertThat(s.code()).isEqualTo(1002);
                assertThat(s.reason()).contains("not masked");
            });
        }
    }

    @Test
    void reservedOpcodeFailsWith1002() throws Exception {
        try (var server = TestWebSocketServer.start(PLAIN, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            client.sendRaw(hex("83 80 00 00 00 00")); // opcode 0x3, masked, empty
            assertThat(client.readClose().code()).isEqualTo(1002);
            assertThat(client.awaitEndOfStream()).isTrue();
        }
    }

    @Test
    void invalidUtf8FailsWith1007AndTheCloseHandshakeCompletes() throws Exception {
        try (var server = TestWebSocketServer.start(PLAIN, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            WebSocketSession session = server.nextSession();
            client.send(Frame.TEXT, false, hex("48 c0"));
            assertThat(client.readClose().code()).isEqualTo(1007);
            client.sendClose(1007, ""); // a well-behaved peer answers; the server then drops the connection
            assertThat(client.awaitEndOfStream()).isTrue();
            assertThat(session.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(session.closeStatus()).hasValueSatisfying(s -> assertThat(s.code()).isEqualTo(1007));
        }
    }

    @Test
    void invalidCloseCodeFailsWith1002() throws Exception {
        try (var server = TestWebSocketServer.start(PLAIN, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            client.send(Frame.CLOSE, true, hex("03 ed")); // 1005 may never be sent
            assertThat(client.readClose().code()).isEqualTo(1002);
            assertThat(client.awaitEndOfStream()).isTrue();
        }
    }

    @Test
    void oversizedFrameFailsWith1009() throws Exception {
        WebSocketOptions options = PLAIN.toBuilder().maxMessageSize(1000).build();
        try (var server = TestWebSocketServer.start(options, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            client.send(Frame.BINARY, true, new byte[1001]);
            assertThat(client.readClose().code()).isEqualTo(1009);
            assertThat(client.awaitEndOfStream()).isTrue();
        }
    }

    @Test
    void oversizedFragmentedMessageFailsWith1009() throws Exception {
        WebSocketOptions options = PLAIN.toBuilder().maxMessageSize(1000).build();
        try (var server = TestWebSocketServer.start(options, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            client.send(Frame.BINARY, false, new byte[600]);
            client.send(Frame.CONTINUATION, true, new byte[600]);
            assertThat(client.readClose().code()).isEqualTo(1009);
            client.sendClose(1009, "");
            assertThat(client.awaitEndOfStream()).isTrue();
        }
    }

    @Test
    void compressedDeflateBombFailsWith1009() throws Exception {
        WebSocketOptions options = WebSocketOptions.builder().maxMessageSize(64 * 1024).build();
        byte[] bomb;
        try (var peer = new PerMessageDeflate(new DeflateParameters(false, false, 15, 15), Role.CLIENT, 9)) {
            bomb = peer.compress(new byte[32 * 1024 * 1024]);
        }
        try (var server = TestWebSocketServer.start(options, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port(), "Sec-WebSocket-Extensions: permessage-deflate")) {
            WebSocketSession session = server.nextSession();
            client.sendCompressed(Frame.BINARY, bomb);
            assertThat(client.readClose().code()).isEqualTo(1009);
            client.sendClose(1009, "");
            assertThat(client.awaitEndOfStream()).isTrue();
            assertThat(session.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(session.closeStatus()).hasValueSatisfying(s -> assertThat(s.code()).isEqualTo(1009));
        }
    }

    @Test
    void echoesCompressedMessagesWhenDeflateIsNegotiated() throws Exception {
        try (var server = TestWebSocketServer.start(WebSocketOptions.defaults(), TestWebSocketServer::echo);
             var client = RawClient.connect(server.port(), "Sec-WebSocket-Extensions: permessage-deflate");
             var inflater = new PerMessageDeflate(new DeflateParameters(false, false, 15, 15), Role.CLIENT, -1)) {
            assertThat(client.responseHead).contains("Sec-WebSocket-Extensions: permessage-deflate");
            client.sendCompressed(Frame.TEXT, hex("f2 48 cd c9 c9 07 00")); // RFC 7692 §7.2.3.1 "Hello"
            for (int round = 0; round < 2; round++) { // the second reply uses the shared window
                Frame reply = client.readFrame();
                assertThat(reply.rsv1()).isTrue();
                java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
                inflater.decompress(reply.payload(), text::write);
                inflater.finishMessage(text::write);
                assertThat(text.toString(StandardCharsets.UTF_8)).isEqualTo("Hello");
                if (round == 0) {
                    client.sendCompressed(Frame.TEXT, hex("f2 00 11 00 00")); // §7.2.3.2, refers to the first
                }
            }
        }
    }

    @Test
    void concurrentSendersNeverInterleaveFrames() throws Exception {
        int threads = 8;
        int perThread = 100;
        try (var server = TestWebSocketServer.start(PLAIN, ws -> {
                 List<Thread> senders = new ArrayList<>();
                 for (int t = 0; t < threads; t++) {
                     int id = t;
                     senders.add(Thread.ofVirtual().start(() -> {
                         for (int i = 0; i < perThread; i++) {
                             ws.send(id + ":" + i + ":" + "x".repeat((id * 997 + i * 131) % 70_000));
                         }
                     }));
                 }
                 for (Thread sender : senders) {
                     sender.join();
                 }
                 ws.receive(); // wait for the client's "done"
             });
             var client = RawClient.connect(server.port())) {
            Set<String> seen = new HashSet<>();
            int[] next = new int[threads];
            for (int n = 0; n < threads * perThread; n++) {
                String text = client.readText();
                String[] parts = text.split(":", 3);
                int id = Integer.parseInt(parts[0]);
                int i = Integer.parseInt(parts[1]);
                assertThat(i).as("messages of one sender arrive in order").isEqualTo(next[id]++);
                assertThat(parts[2]).isEqualTo("x".repeat((id * 997 + i * 131) % 70_000));
                seen.add(parts[0] + ":" + parts[1]);
            }
            assertThat(seen).hasSize(threads * perThread);
            client.sendText("done");
        }
    }

    @Test
    void receiveHonoursTheDeadlineAndTheSocketStaysUsable() throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch timedOut = new CountDownLatch(1);
        try (var server = TestWebSocketServer.start(PLAIN, ws -> {
                 try {
                     Deadline.within(Duration.ofMillis(200), ws::receive);
                 } catch (DeadlineExceeded e) {
                     outcome.set(e);
                 }
                 timedOut.countDown();
                 ws.send("after: " + ws.receive().text());
             });
             var client = RawClient.connect(server.port())) {
            assertThat(timedOut.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(outcome.get()).isInstanceOf(DeadlineExceeded.class);
            client.sendText("still here");
            assertThat(client.readText()).isEqualTo("after: still here");
        }
    }

    @Test
    void cancellingATaskEndsItsBlockedReceiveAndTheSocketStaysUsable() throws Exception {
        AtomicReference<Task.State> state = new AtomicReference<>();
        CountDownLatch cancelled = new CountDownLatch(1);
        try (var server = TestWebSocketServer.start(PLAIN, ws -> {
                 try (var group = TaskGroup.open()) {
                     Task<WebSocketMessage> waiting = group.spawn(ws::receive);
                     Thread.sleep(100);
                     waiting.cancel();
                     assertThatThrownBy(waiting::join).isInstanceOf(Cancelled.class);
                     state.set(waiting.state());
                 }
                 cancelled.countDown();
                 ws.send("after: " + ws.receive().text());
             });
             var client = RawClient.connect(server.port())) {
            assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
            client.sendText("later");
            assertThat(client.readText()).isEqualTo("after: later");
            assertThat(state.get()).isEqualTo(Task.State.CANCELLED);
        }
    }

    @Test
    void aSendPastItsDeadlineAbortsTheConnection() throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicReference<Boolean> openAfter = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        try (var server = TestWebSocketServer.start(PLAIN, socket -> {
                 try {
                     socket.setSendBufferSize(8192);
                 } catch (java.net.SocketException e) {
                     throw new AssertionError(e);
                 }
             }, ws -> {
                 try {
                     Deadline.within(Duration.ofMillis(300), () -> {
                         while (true) {
                             ws.send(new byte[256 * 1024]); // the client never reads: a write blocks for ever
                         }
                     });
                 } catch (DeadlineExceeded e) {
                     outcome.set(e);
                 }
                 openAfter.set(ws.isOpen());
                 finished.countDown();
             })) {
            java.net.Socket tiny = new java.net.Socket();
            tiny.setReceiveBufferSize(4096);
            try (var client = RawClient.connect(tiny, server.port())) {
                assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(client.awaitEndOfStream()).isTrue();
                assertThat(outcome.get()).isInstanceOf(DeadlineExceeded.class);
                assertThat(openAfter.get()).isFalse();
            }
        }
    }

    @Test
    void closingFromAnotherThreadEndsABlockedReceive() throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        try (var server = TestWebSocketServer.start(PLAIN, ws -> {
                 try {
                     ws.receive();
                 } catch (WebSocketClosed e) {
                     outcome.set(e);
                 }
             });
             var client = RawClient.connect(server.port())) {
            WebSocketSession session = server.nextSession();
            Thread closer = Thread.ofVirtual().start(() -> session.close(CloseStatus.GOING_AWAY, "server shutting down"));
            assertThat(client.readClose()).isEqualTo(new CloseStatus(1001, "server shutting down"));
            client.sendClose(1001, "");
            assertThat(closer.join(Duration.ofSeconds(5))).isTrue();
            assertThat(session.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(outcome.get()).isInstanceOf(WebSocketClosed.class);
        }
    }

    @Test
    void aSlowConsumerPushesBackWithoutLosingMessages() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<String> received = new ArrayList<>();
        WebSocketOptions options = PLAIN.toBuilder().receiveQueueSize(2).build();
        try (var server = TestWebSocketServer.start(options, ws -> {
                 go.await();
                 for (int i = 0; i < 50; i++) {
                     received.add(ws.receive().text());
                 }
                 ws.send("got " + received.size());
             });
             var client = RawClient.connect(server.port())) {
            for (int i = 0; i < 50; i++) {
                client.sendText("m" + i);
            }
            go.countDown();
            assertThat(client.readText()).isEqualTo("got 50");
            assertThat(received).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "m" + i).toList());
        }
    }

    @Test
    void heartbeatPingsAndDropsAPeerThatStopsAnswering() throws Exception {
        WebSocketOptions options = PLAIN.toBuilder().heartbeat(Duration.ofMillis(200)).build();
        try (var server = TestWebSocketServer.start(options, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            WebSocketSession session = server.nextSession();
            Frame ping = client.readFrame();
            assertThat(ping.opcode()).isEqualTo(Frame.PING);
            assertThat(client.awaitEndOfStream()).as("unanswered pings end the connection").isTrue();
            assertThat(session.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(session.closeStatus()).hasValueSatisfying(s -> {
                assertThat(s.code()).isEqualTo(1006);
                assertThat(s.reason()).contains("no pong");
            });
        }
    }

    @Test
    void heartbeatKeepsAPeerThatAnswersPongs() throws Exception {
        WebSocketOptions options = PLAIN.toBuilder().heartbeat(Duration.ofMillis(500)).build();
        try (var server = TestWebSocketServer.start(options, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            WebSocketSession session = server.nextSession();
            for (int i = 0; i < 3; i++) {
                Frame ping = client.readFrame();
                assertThat(ping.opcode()).isEqualTo(Frame.PING);
                client.send(Frame.PONG, true, ping.payload());
            }
            assertThat(session.isOpen()).isTrue();
            client.sendText("alive");
            assertThat(client.readText()).isEqualTo("alive");
        }
    }

    @Test
    void userPingIsAnsweredAndInvalidArgumentsAreRejected() throws Exception {
        try (var server = TestWebSocketServer.start(PLAIN, TestWebSocketServer::echo);
             var client = RawClient.connect(server.port())) {
            WebSocketSession session = server.nextSession();
            session.ping(hex("01 02"));
            Frame ping = client.readFrame();
            assertThat(ping.opcode()).isEqualTo(Frame.PING);
            assertThat(ping.payload()).isEqualTo(hex("01 02"));
            assertThatThrownBy(() -> session.ping(new byte[126])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> session.close(1006, "")).isInstanceOf(IllegalArgumentException.class);
            assertThat(session.isOpen()).isTrue();
        }
    }

    @Test
    void handshakeRejectionIsAnsweredWithItsStatus() throws Exception {
        try (var server = TestWebSocketServer.start(PLAIN, TestWebSocketServer::echo);
             var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13");
        }
    }
}
